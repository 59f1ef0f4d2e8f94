package io.amsgateway.bench.load;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.protocol.SignContent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;

/**
 * The crypto floor of one proxied call: the CPU time of one RSA-2048 {@code SHA256withRSA}
 * signature plus one verification with a given provider, single-threaded after a warmup, over the
 * {@link SignContent} of a pay request of the benchmark's body size. Measured as this thread's CPU
 * time ({@link ThreadMXBean}), so other load on the machine inflates it less than wall time.
 *
 * <p>Also measures {@link JcaSigner#signNow}, which is what the gateway runs per request (for RSA
 * the signature alone: the providers check their own RSA results, see {@code
 * CryptoProvider#checksRsaResults}), to split the gateway's overhead into crypto and everything
 * else.
 */
final class CryptoFloor {
    private static final SignatureAlgorithm RSA256 = SignatureAlgorithm.RSA256;

    private CryptoFloor() {}

    /** CPU microseconds per operation. {@link #floorMicros} = sign + verify. */
    record Result(String provider, double signMicros, double verifyMicros, double signNowMicros) {
        double floorMicros() {
            return signMicros + verifyMicros;
        }
    }

    static Result measure(CryptoProvider provider, PayBodies bodies, Duration warmup, Duration measure)
            throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        PrivateKey key = (PrivateKey)
                KeyFactory.getInstance("RSA", provider.providerFor(RSA256)).translateKey(pair.getPrivate());
        JcaSigner signer = JcaSigner.create("SANDBOX_FLOOR", 1, RSA256, pair.getPrivate(), provider);
        JcaVerifier verifier = JcaVerifier.create(1, RSA256, pair.getPublic(), provider);
        byte[] content = SignContent.build(
                "POST", DirectCalls.TARGET, "SANDBOX_FLOOR", Long.toString(System.currentTimeMillis()), bodies.body(1));
        byte[] signature = sign(provider, key, content);

        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long warmEnd = System.nanoTime() + warmup.toNanos();
        while (System.nanoTime() < warmEnd) {
            sign(provider, key, content);
            verifier.verify(content, signature);
            signer.signNow(content);
        }
        long slice = measure.toNanos() / 3;
        double signUs = perCall(mx, slice, () -> sign(provider, key, content));
        double verifyUs = perCall(mx, slice, () -> verifier.verify(content, signature));
        double signNowUs = perCall(mx, slice, () -> signer.signNow(content));
        return new Result(provider.name(), signUs, verifyUs, signNowUs);
    }

    /** Runs {@code op} for about {@code nanos} of wall time; returns its CPU microseconds per call. */
    private static double perCall(ThreadMXBean mx, long nanos, Op op) throws GeneralSecurityException {
        long cpu0 = mx.getCurrentThreadCpuTime();
        long end = System.nanoTime() + nanos;
        long n = 0;
        while (System.nanoTime() < end) {
            op.run();
            n++;
        }
        return (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / n;
    }

    private static byte[] sign(CryptoProvider provider, PrivateKey key, byte[] content)
            throws GeneralSecurityException {
        Signature s = provider.newSignature(RSA256);
        s.initSign(key);
        s.update(content);
        return s.sign();
    }

    private interface Op {
        void run() throws GeneralSecurityException;
    }
}
