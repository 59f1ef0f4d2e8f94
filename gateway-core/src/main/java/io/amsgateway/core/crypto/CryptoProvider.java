package io.amsgateway.core.crypto;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCA providers that sign and verify: one for RSA and one for EC (secp224r1).
 *
 * <p>Amazon Corretto Crypto Provider (ACCP) signs RSA-2048 about three times faster than the JDK
 * on this project's machines (docs/benchmarks.md), so {@link ProviderMode#AUTO} prefers it and falls back
 * to the JDK when its native library does not load. The runnable jar carries ACCP for linux-x86_64
 * and linux-aarch_64 and picks the one for {@link NativePlatform#current()} ({@link AccpLoader}).
 * EC always uses Bouncy Castle: the JDK's SunEC has no secp224r1, and ECC224 is off the hot path.
 * Providers are used by reference and never installed into {@link Security}, so this choice
 * affects nothing else in the JVM.
 *
 * <p>Immutable and thread-safe.
 */
public final class CryptoProvider {
    private static final Logger log = LoggerFactory.getLogger(CryptoProvider.class);

    private final String name;
    private final Provider rsa;

    /** Signs and verifies RSA with {@code rsa}, EC with Bouncy Castle (built on first use). */
    private CryptoProvider(String name, Provider rsa) {
        this.name = name;
        this.rsa = rsa;
    }

    /**
     * Bouncy Castle's provider, built on first use: building it registers every algorithm it has
     * (about 40 ms of CPU and some 460 classes), which a gateway whose keys are all RSA never needs.
     */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    /**
     * Selects the provider for {@code mode} and logs which one is active.
     *
     * @throws IllegalStateException if {@link ProviderMode#ACCP} is asked for and does not load
     */
    public static CryptoProvider select(ProviderMode mode) {
        CryptoProvider selected =
                switch (mode) {
                    case AUTO -> {
                        Provider accp = loadAccp();
                        if (accp == null) {
                            logFallback();
                        }
                        yield accp != null ? accp(accp) : jdk();
                    }
                    case ACCP -> {
                        Provider accp = loadAccp();
                        if (accp == null) {
                            throw new IllegalStateException(
                                    "crypto provider 'accp' was requested but Amazon Corretto Crypto Provider did not load"
                                            + " on " + NativePlatform.current() + " (" + Accp.LOADED.failure()
                                            + "); use 'auto' or 'jdk'");
                        }
                        yield accp(accp);
                    }
                    case JDK -> jdk();
                    case BC -> bouncyCastle();
                };
        log.info(
                "crypto provider for {} on {}: {} (RSA: {} {}, EC: {})",
                mode.name().toLowerCase(Locale.ROOT),
                NativePlatform.current(),
                selected.name,
                selected.rsa.getName(),
                selected.rsa.getVersionStr(),
                BouncyCastleProvider.PROVIDER_NAME);
        return selected;
    }

    /** The JDK's providers for RSA, Bouncy Castle for EC. */
    public static CryptoProvider jdk() {
        return new CryptoProvider("jdk", Objects.requireNonNull(Security.getProvider("SunRsaSign"), "SunRsaSign"));
    }

    /** Bouncy Castle for everything. */
    public static CryptoProvider bouncyCastle() {
        return new CryptoProvider("bc", bouncyCastleProvider());
    }

    /** ACCP for RSA, or null if it does not load here. */
    public static @Nullable CryptoProvider accpIfAvailable() {
        Provider accp = loadAccp();
        return accp == null ? null : accp(accp);
    }

    /**
     * Reads the ACCP jar embedded for this platform into memory ahead of {@link #select} or {@link
     * #accpIfAvailable} (start-up, before the configuration is read; see {@code AccpLoader}).
     * Nothing is defined or loaded: a configuration that does not want ACCP calls {@link
     * #dropAccpReadAhead}.
     */
    public static void readAheadAccp() {
        AccpReadAhead.INSTANCE.read(CryptoProvider.class.getClassLoader(), NativePlatform.current());
    }

    /** Drops what {@link #readAheadAccp} read (the configuration chose the JDK or Bouncy Castle). */
    public static void dropAccpReadAhead() {
        AccpReadAhead.INSTANCE.drop();
    }

    private static CryptoProvider accp(Provider accp) {
        return new CryptoProvider("accp", accp);
    }

    /** The Bouncy Castle provider instance used for PEM and EC (not installed globally). */
    public static Provider bouncyCastleProvider() {
        return BouncyCastle.PROVIDER;
    }

    private static @Nullable Provider loadAccp() {
        return Accp.LOADED.provider();
    }

    /**
     * Why {@code auto} signs with the JDK: a warning on the platforms the runnable jar carries ACCP
     * for (signing there should not be about three times slower), information elsewhere.
     */
    private static void logFallback() {
        String platform = NativePlatform.current();
        String message = "Amazon Corretto Crypto Provider ({}) did not load on {}: {}; RSA signs with the JDK,"
                + " about three times slower";
        if (NativePlatform.SHIPPED.contains(platform)) {
            log.warn(message, Accp.LOADED.origin(), platform, Accp.LOADED.failure());
        } else {
            log.info(message, Accp.LOADED.origin(), platform, Accp.LOADED.failure());
        }
    }

    /** Loaded once: ACCP's native library can be loaded by one class loader only. */
    private static final class Accp {
        static final AccpLoader.Result LOADED = AccpLoader.load(
                CryptoProvider.class.getClassLoader(), NativePlatform.current(), AccpReadAhead.INSTANCE);
    }

    /** Apart from {@link Accp}: reading ahead must not initialise (load) ACCP. */
    private static final class AccpReadAhead {
        static final AccpLoader.ReadAhead INSTANCE = new AccpLoader.ReadAhead();
    }

    /** A short name for logs and metric labels: {@code accp}, {@code jdk} or {@code bc}. */
    public String name() {
        return name;
    }

    /** The provider for {@code algorithm}'s key type. */
    public Provider providerFor(SignatureAlgorithm algorithm) {
        return algorithm == SignatureAlgorithm.RSA256 ? rsa : bouncyCastleProvider();
    }

    /**
     * Whether this provider's RSA private-key operation checks its own result before releasing it,
     * so that a computation fault (the Bellcore attack on RSA-CRT: one faulty signature reveals a
     * prime factor) fails the call instead of leaking a signature. True for all three providers
     * this project builds, each for its own documented reason:
     *
     * <ul>
     *   <li>ACCP (AWS-LC): {@code rsa_default_private_transform} in {@code
     *       crypto/fipsmodule/rsa/rsa_impl.c} raises the result to {@code e} and compares it with
     *       the input, for every key that carries its public exponent (ours always do: {@link
     *       KeyChecks} requires CRT keys), and fails with "internal error";
     *   <li>the JDK (SunRsaSign): {@code sun.security.rsa.RSACore} verifies each CRT result and
     *       fails with "RSA private key operation failed";
     *   <li>Bouncy Castle: {@code RSABlindedEngine} verifies and fails with "RSA engine faulty
     *       decryption/signing detected".
     * </ul>
     *
     * <p>{@code RsaFaultCheckTest} proves it for each provider on every build with a key whose CRT
     * exponent is corrupted, so a provider upgrade that drops its check fails the build. {@link
     * JcaSigner} verifies its own RSA signatures only with a provider for which this is false.
     */
    public boolean checksRsaResults() {
        return true; // each of the three, proven by RsaFaultCheckTest
    }

    /** A fresh, uninitialised {@link Signature} for {@code algorithm}. */
    public Signature newSignature(SignatureAlgorithm algorithm) throws GeneralSecurityException {
        return Signature.getInstance(algorithm.jcaName(), providerFor(algorithm));
    }

    @Override
    public String toString() {
        return "CryptoProvider[" + name + "]";
    }
}
