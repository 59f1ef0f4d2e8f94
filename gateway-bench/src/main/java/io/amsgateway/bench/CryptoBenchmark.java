package io.amsgateway.bench;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.protocol.SignContent;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RSA256 (SHA256withRSA, RSA-2048) sign and verify throughput per crypto provider and body size.
 *
 * <ul>
 *   <li>{@link #signNow}: {@link JcaSigner#signNow} exactly as production calls it: a fresh {@link Signature}, one
 *       signature, then a verification of that signature before it is returned.
 *   <li>{@link #signRaw}: the pure RSA cost: a fresh {@link Signature} from {@link CryptoProvider#newSignature},
 *       {@code initSign}, {@code update}, {@code sign}; no self-verification.
 *   <li>{@link #signRawReused}: as {@link #signRaw} on one {@link Signature} initialised once, to show what
 *       {@code Signature.getInstance} and {@code initSign} cost per call.
 *   <li>{@link #verify}: {@link JcaVerifier#verify} exactly as production calls it (fresh {@link Signature}).
 *   <li>{@link #verifyRawReused}: as {@link #verify} on one {@link Signature} initialised once.
 * </ul>
 *
 * <p>The signed content is {@link SignContent#build} over a JSON payment request padded to exactly {@code
 * bodySize} bytes, built once per trial. A fresh RSA-2048 key pair is generated per trial; its value does not
 * matter. The provider {@code accp} fails its trial (and JMH moves on) when ACCP's native library does not load.
 *
 * <p>Run: {@code java -jar gateway-bench/target/gateway-bench.jar CryptoBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class CryptoBenchmark {
    private static final Logger log = LoggerFactory.getLogger(CryptoBenchmark.class);
    private static final SignatureAlgorithm ALGORITHM = SignatureAlgorithm.RSA256;
    private static final String CLIENT_ID = "SANDBOX_5YBENCH0000000";
    private static final String REQUEST_TARGET = "/ams/api/v1/payments/pay";
    private static final String REQUEST_TIME = "2024-05-28T12:12:12+08:00";

    /** The crypto provider: {@code jdk}, {@code accp} or {@code bc}. */
    @Param({"jdk", "accp", "bc"})
    public String provider;

    /** The exact size of the request body in bytes. */
    @Param({"1024", "65536"})
    public int bodySize;

    private JcaSigner signer;
    private JcaVerifier verifier;
    private CryptoProvider cryptoProvider;
    private PrivateKey providerPrivateKey;
    private byte[] content;
    private byte[] signature;
    private Signature reusedSigner;
    private Signature reusedVerifier;

    /** Generates the key pair, builds the content and signs it once for the verify benchmarks. */
    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        cryptoProvider = switch (provider) {
            case "jdk" -> CryptoProvider.jdk();
            case "bc" -> CryptoProvider.bouncyCastle();
            case "accp" -> {
                CryptoProvider accp = CryptoProvider.accpIfAvailable();
                if (accp == null) {
                    throw new IllegalStateException("Amazon Corretto Crypto Provider did not load on this machine");
                }
                yield accp;
            }
            default -> throw new IllegalArgumentException("unknown provider " + provider);
        };
        Provider rsa = cryptoProvider.providerFor(ALGORITHM);
        log.info("provider {}: RSA by {} {}", provider, rsa.getName(), rsa.getVersionStr());

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        signer = JcaSigner.create(CLIENT_ID, 1, ALGORITHM, pair.getPrivate(), cryptoProvider);
        verifier = JcaVerifier.create(1, ALGORITHM, pair.getPublic(), cryptoProvider);
        // The same one-off translation JcaSigner.create does, so signRaw uses the provider's own key type.
        providerPrivateKey = (PrivateKey)
                KeyFactory.getInstance(ALGORITHM.keyAlgorithm(), rsa).translateKey(pair.getPrivate());

        content = SignContent.build("POST", REQUEST_TARGET, CLIENT_ID, REQUEST_TIME, paymentRequestBody(bodySize));
        signature = signer.signNow(content);
        verifier.verify(content, signature);

        reusedSigner = cryptoProvider.newSignature(ALGORITHM);
        reusedSigner.initSign(providerPrivateKey);
        reusedVerifier = cryptoProvider.newSignature(ALGORITHM);
        reusedVerifier.initVerify(verifier.publicKey());
    }

    /** Production signing: sign, then verify the signature before returning it. */
    @Benchmark
    public byte[] signNow() {
        return signer.signNow(content);
    }

    /** Sign only, with a fresh {@link Signature} per call as production does. */
    @Benchmark
    public byte[] signRaw() throws GeneralSecurityException {
        Signature s = cryptoProvider.newSignature(ALGORITHM);
        s.initSign(providerPrivateKey);
        s.update(content);
        return s.sign();
    }

    /** Sign only, on one {@link Signature} initialised in setup ({@code sign()} resets it for the next call). */
    @Benchmark
    public byte[] signRawReused() throws GeneralSecurityException {
        reusedSigner.update(content);
        return reusedSigner.sign();
    }

    /** Production verification; throws if the signature does not verify. */
    @Benchmark
    public void verify() {
        verifier.verify(content, signature);
    }

    /** Verify only, on one {@link Signature} initialised in setup ({@code verify()} resets it for the next call). */
    @Benchmark
    public boolean verifyRawReused() throws GeneralSecurityException {
        reusedVerifier.update(content);
        boolean ok = reusedVerifier.verify(signature);
        if (!ok) {
            throw new IllegalStateException("signature did not verify");
        }
        return ok;
    }

    /**
     * A JSON payment request (the shape of AMS {@code pay}) of exactly {@code size} bytes: goods are added while they
     * fit, then the order description is padded.
     */
    static byte[] paymentRequestBody(int size) {
        String head = "{\"productCode\":\"CASHIER_PAYMENT\",\"paymentRequestId\":\"PAY_20240528121212_bench_0001\","
                + "\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"4200\"},"
                + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"},"
                + "\"paymentRedirectUrl\":\"https://shop.example.com/orders/0001/return\","
                + "\"paymentNotifyUrl\":\"https://shop.example.com/ams/notify\","
                + "\"settlementStrategy\":{\"settlementCurrency\":\"USD\"},"
                + "\"env\":{\"terminalType\":\"WEB\",\"clientIp\":\"203.0.113.7\"},"
                + "\"order\":{\"referenceOrderId\":\"ORDER_0001\","
                + "\"orderAmount\":{\"currency\":\"USD\",\"value\":\"4200\"},"
                + "\"merchant\":{\"referenceMerchantId\":\"M0001\",\"merchantMCC\":\"5411\"},\"goods\":[";
        String tailStart = "],\"orderDescription\":\"";
        String tailEnd = "\"}}";
        StringBuilder json = new StringBuilder(size).append(head);
        int fixed = head.length() + tailStart.length() + tailEnd.length();
        for (int i = 0; ; i++) {
            String item = (i == 0 ? "" : ",") + "{\"referenceGoodsId\":\"GOODS_" + i
                    + "\",\"goodsName\":\"Item number " + i + "\",\"goodsCategory\":\"grocery/fresh\","
                    + "\"goodsUnitAmount\":{\"currency\":\"USD\",\"value\":\"" + (100 + i % 900) + "\"},"
                    + "\"goodsQuantity\":\"1\"}";
            if (json.length() + item.length() + tailStart.length() + tailEnd.length() > size) {
                break;
            }
            json.append(item);
        }
        if (json.length() + tailStart.length() + tailEnd.length() > size) {
            throw new IllegalArgumentException("body size " + size + " is smaller than the minimal request " + fixed);
        }
        json.append(tailStart);
        String filler = "Fresh produce, delivered. ";
        while (json.length() + tailEnd.length() < size) {
            json.append(filler.charAt(json.length() % filler.length()));
        }
        json.append(tailEnd);
        byte[] body = json.toString().getBytes(StandardCharsets.US_ASCII);
        if (body.length != size) {
            throw new IllegalStateException("body is " + body.length + " bytes, wanted " + size);
        }
        return body;
    }
}
