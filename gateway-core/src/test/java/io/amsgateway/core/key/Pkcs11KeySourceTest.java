package io.amsgateway.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.testing.TestKeys;
import io.amsgateway.core.testing.pkcs11.SoftHsm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link Pkcs11KeySource}, {@link Pkcs11Signer} and {@link Pkcs11Token} against real SoftHSM2 tokens. */
@Timeout(60)
class Pkcs11KeySourceTest {
    private static final String CLIENT = "SANDBOX_5X00000000000000";
    private static final byte[] CONTENT = "POST /ams/api/v1/payments/pay\nc.t.{}".getBytes(StandardCharsets.UTF_8);
    private static final CryptoProvider PROVIDER = CryptoProvider.jdk();

    @TempDir
    Path dir;

    Pkcs11KeySource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    static Pkcs11Settings settings(SoftHsm.Token t, Pkcs11Settings.PinSource pin) {
        return new Pkcs11Settings(
                SoftHsm.LIBRARY,
                OptionalLong.of(t.slot()),
                0,
                pin,
                "ams-{client-id}-v{version}",
                2,
                8,
                Duration.ofSeconds(5));
    }

    Pkcs11KeySource source(SoftHsm.Token t) throws Exception {
        Pkcs11Settings s = settings(t, new Pkcs11Settings.PinSource(t.pinFile(dir.resolve("pin")), null));
        return new Pkcs11KeySource(
                Pkcs11Token.open("test", s, Map.of()), SignatureAlgorithm.RSA256, PROVIDER, NO_ALIPAY);
    }

    static <T> T join(CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    static Throwable failure(CompletionStage<?> s) throws Exception {
        try {
            s.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return Futures.unwrap(e);
        }
        throw new AssertionError("the stage succeeded");
    }

    @Test
    void signsInsideTheTokenByteForByteAsLocalSigningAndFollowsARotation() throws Exception {
        SoftHsm.Token t = SoftHsm.claim();
        KeyPair v1 = TestKeys.rsa();
        t.importKey("ams-" + CLIENT + "-v1", v1);
        source = source(t);

        assertThat(join(source.latestVersion(CLIENT))).isEqualTo(1);
        MerchantKey key = join(source.merchantKey(new KeyRef(CLIENT, 1)));
        assertThat(key.privateKey())
                .as("the private key never leaves the token")
                .isNull();
        byte[] viaToken = join(key.signer().sign(CONTENT));
        byte[] local = JcaSigner.create(CLIENT, 1, SignatureAlgorithm.RSA256, v1.getPrivate(), PROVIDER)
                .signNow(CONTENT);
        assertThat(viaToken)
                .as("PKCS#1 v1.5 is deterministic: token and local agree")
                .isEqualTo(local);

        KeyPair v2 = TestKeys.rsa();
        t.importKey("ams-" + CLIENT + "-v2", v2);
        assertThat(join(source.latestVersion(CLIENT)))
                .as("a key added to the token is found")
                .isEqualTo(2);
        byte[] second =
                join(join(source.merchantKey(new KeyRef(CLIENT, 2))).signer().sign(CONTENT));
        assertThat(second)
                .isEqualTo(JcaSigner.create(CLIENT, 2, SignatureAlgorithm.RSA256, v2.getPrivate(), PROVIDER)
                        .signNow(CONTENT));
        assertThat(failure(source.merchantKey(new KeyRef(CLIENT, 3))))
                .as("a version the token lacks is an answer: not found")
                .isInstanceOf(KeyNotFoundException.class)
                .hasMessageContaining("ams-" + CLIENT + "-v3");
    }

    @Test
    void aWrongPinIsAClearKeyUnavailableThatNeverShowsThePin() throws Exception {
        SoftHsm.Token t = SoftHsm.claim();
        t.importKey("ams-" + CLIENT + "-v1", TestKeys.rsa());
        Pkcs11Settings s = settings(t, new Pkcs11Settings.PinSource(null, "AMS_TEST_PIN"));
        source = new Pkcs11KeySource(
                Pkcs11Token.open("wrong-pin", s, Map.of("AMS_TEST_PIN", "not-the-pin-42")),
                SignatureAlgorithm.RSA256,
                PROVIDER,
                NO_ALIPAY);
        Throwable e = failure(source.merchantKey(new KeyRef(CLIENT, 1)));
        assertThat(e).isInstanceOf(GatewayException.class);
        assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
        assertThat(e.getMessage())
                .contains("refused the PIN", "CKR_PIN_INCORRECT", "pin-env AMS_TEST_PIN")
                .doesNotContain("not-the-pin-42", t.pin());
    }

    @Test
    void aMissingLibraryOrPinFailsAtOpen() throws Exception {
        SoftHsm.Token t = SoftHsm.claim();
        Pkcs11Settings noLibrary = new Pkcs11Settings(
                dir.resolve("libnothing.so"),
                OptionalLong.empty(),
                0,
                new Pkcs11Settings.PinSource(null, "X"),
                "k-{version}",
                1,
                0,
                Duration.ofSeconds(1));
        assertThatThrownBy(() -> Pkcs11Token.open("t", noLibrary, Map.of("X", "1")))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("libnothing.so does not exist");
        assertThatThrownBy(() -> Pkcs11Token.open(
                        "t", settings(t, new Pkcs11Settings.PinSource(null, "AMS_UNSET_PIN")), Map.of()))
                .hasMessageContaining("AMS_UNSET_PIN is not set");
        assertThatThrownBy(() -> Pkcs11Token.open(
                        "t", settings(t, new Pkcs11Settings.PinSource(dir.resolve("nope"), null)), Map.of()))
                .hasMessageContaining("cannot read the PKCS#11 PIN file");
    }

    @Test
    void aKeyThatDisappearsFailsFastAndTheSignerRecoversWhenItIsBack() throws Exception {
        SoftHsm.Token t = SoftHsm.claim();
        KeyPair v1 = TestKeys.rsa();
        String label = "ams-" + CLIENT + "-v1";
        t.importKey(label, v1);
        source = source(t);
        var signer = join(source.merchantKey(new KeyRef(CLIENT, 1))).signer();
        join(signer.sign(CONTENT));

        t.deleteKey(label);
        long start = System.nanoTime();
        Throwable e = failure(signer.sign(CONTENT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(e).isInstanceOf(GatewayException.class);
        assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);

        t.importKey(label, v1); // restored (new object handles)
        byte[] again = join(signer.sign(CONTENT));
        assertThat(again)
                .as("the same signer finds the restored key")
                .isEqualTo(JcaSigner.create(CLIENT, 1, SignatureAlgorithm.RSA256, v1.getPrivate(), PROVIDER)
                        .signNow(CONTENT));
    }

    @Test
    void aRemovedTokenFailsEveryCallWithKeyUnavailableWithoutHanging() throws Exception {
        SoftHsm.Token t = SoftHsm.claim();
        t.importKey("ams-" + CLIENT + "-v1", TestKeys.rsa());
        source = source(t);
        var signer = join(source.merchantKey(new KeyRef(CLIENT, 1))).signer();
        join(signer.sign(CONTENT));

        t.remove();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            Throwable e = failure(signer.sign(CONTENT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
            assertThat(e.getMessage()).contains("PKCS#11 token test");
        }
        Throwable load = failure(source.merchantKey(new KeyRef(CLIENT, 1)));
        assertThat(load).isInstanceOf(GatewayException.class);
    }

    @Test
    void theSigningPoolIsBoundedAndAStuckTokenIsABoundedWait() throws Exception {
        SoftHsm.Token t = SoftHsm.claim();
        Pkcs11Settings s = new Pkcs11Settings(
                SoftHsm.LIBRARY,
                OptionalLong.of(t.slot()),
                0,
                new Pkcs11Settings.PinSource(null, "P"),
                "k-{version}",
                1,
                1,
                Duration.ofMillis(300));
        try (Pkcs11Token token = Pkcs11Token.open("bounded", s, Map.of("P", t.pin()))) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> stuck =
                    token.call("a stuck operation", () -> release.await(30, TimeUnit.SECONDS));
            CompletableFuture<Object> queued = token.call("a queued operation", () -> "ran");
            long start = System.nanoTime();
            Throwable refused = failure(token.call("one too many", () -> "never"));
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("refused at once")
                    .isLessThan(Duration.ofMillis(250));
            assertThat(refused).hasMessageContaining("busy");
            assertThat(((GatewayException) refused).code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
            assertThat(failure(stuck)).hasMessageContaining("no answer within PT0.3S");
            assertThat(failure(queued))
                    .as("queued behind the stuck one, it waited out its own timeout too")
                    .hasMessageContaining("no answer");
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String ran = null;
            while (ran == null) {
                try {
                    ran = token.call("after the stuck one returned", () -> "ran")
                            .get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(System.nanoTime() < deadline)
                            .as("the thread frees up once the stuck and the queued operation return: " + e)
                            .isTrue();
                    Thread.sleep(20);
                }
            }
            assertThat(ran).isEqualTo("ran");
        }
    }

    static final KeySource NO_ALIPAY = new KeySource() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public CompletionStage<MerchantKey> merchantKey(KeyRef ref) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<VerifierSet> alipayKeys(String clientId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Integer> latestVersion(String clientId) {
            throw new UnsupportedOperationException();
        }
    };
}
