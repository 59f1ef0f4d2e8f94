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
 * to the JDK when its native library does not load. EC always uses Bouncy Castle: the JDK's SunEC
 * has no secp224r1, and ECC224 is off the hot path. Providers are used by reference and never
 * installed into {@link Security}, so this choice affects nothing else in the JVM.
 *
 * <p>Immutable and thread-safe.
 */
public final class CryptoProvider {
    private static final Logger log = LoggerFactory.getLogger(CryptoProvider.class);
    private static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private final String name;
    private final Provider rsa;
    private final Provider ec;

    private CryptoProvider(String name, Provider rsa, Provider ec) {
        this.name = name;
        this.rsa = rsa;
        this.ec = ec;
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
                        yield accp != null ? accp(accp) : jdk();
                    }
                    case ACCP -> {
                        Provider accp = loadAccp();
                        if (accp == null) {
                            throw new IllegalStateException(
                                    "crypto provider 'accp' was requested but Amazon Corretto Crypto Provider did not load"
                                            + " on this platform; use 'auto' or 'jdk'");
                        }
                        yield accp(accp);
                    }
                    case JDK -> jdk();
                    case BC -> bouncyCastle();
                };
        log.info(
                "crypto provider for {}: {} (RSA: {} {}, EC: {})",
                mode.name().toLowerCase(Locale.ROOT),
                selected.name,
                selected.rsa.getName(),
                selected.rsa.getVersionStr(),
                selected.ec.getName());
        return selected;
    }

    /** The JDK's providers for RSA, Bouncy Castle for EC. */
    public static CryptoProvider jdk() {
        return new CryptoProvider(
                "jdk", Objects.requireNonNull(Security.getProvider("SunRsaSign"), "SunRsaSign"), BOUNCY_CASTLE);
    }

    /** Bouncy Castle for everything. */
    public static CryptoProvider bouncyCastle() {
        return new CryptoProvider("bc", BOUNCY_CASTLE, BOUNCY_CASTLE);
    }

    /** ACCP for RSA, or null if it does not load here. */
    public static @Nullable CryptoProvider accpIfAvailable() {
        Provider accp = loadAccp();
        return accp == null ? null : accp(accp);
    }

    private static CryptoProvider accp(Provider accp) {
        return new CryptoProvider("accp", accp, BOUNCY_CASTLE);
    }

    /** The Bouncy Castle provider instance used for PEM and EC (not installed globally). */
    public static Provider bouncyCastleProvider() {
        return BOUNCY_CASTLE;
    }

    private static @Nullable Provider loadAccp() {
        try {
            Class<?> c = Class.forName(ACCP_CLASS);
            Provider p = (Provider) c.getField("INSTANCE").get(null);
            Object loadingError = c.getMethod("getLoadingError").invoke(p);
            if (loadingError != null) {
                log.info("Amazon Corretto Crypto Provider is present but did not load: {}", loadingError);
                return null;
            }
            c.getMethod("assertHealthy").invoke(p);
            return p;
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            log.info("Amazon Corretto Crypto Provider is unusable here: {}", e.toString());
            return null;
        }
    }

    /** A short name for logs and metric labels: {@code accp}, {@code jdk} or {@code bc}. */
    public String name() {
        return name;
    }

    /** The provider for {@code algorithm}'s key type. */
    public Provider providerFor(SignatureAlgorithm algorithm) {
        return algorithm == SignatureAlgorithm.RSA256 ? rsa : ec;
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
