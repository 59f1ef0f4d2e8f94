package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static io.amsgateway.server.e2e.VaultKeysEndToEndTest.PAY;
import static io.amsgateway.server.e2e.VaultKeysEndToEndTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.testing.pkcs11.SoftHsm;
import io.amsgateway.simulator.LeakCheck;
import io.amsgateway.simulator.MerchantPublicKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merchant keys in a PKCS#11 token, end to end: a real SoftHSM2 token (its own, made for the
 * test), the gateway signing through the JDK's SunPKCS11 provider, and the AMS simulator, which
 * accepts only signatures made with the merchant keys it knows. Then the token's key goes away
 * and comes back, and the token is pulled for good, during a steady trickle of calls.
 */
@ExtendWith(LeakCheck.class)
class Pkcs11EndToEndTest {
    static final String LABEL = "ams-" + GatewayFixture.CLIENT_ID + "-v";

    @TempDir
    Path dir;

    GatewayFixture f;
    SoftHsm.Token token;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    /** The pkcs11 profile's configuration on {@code token}, with the PIN in a file holding {@code pin}. */
    String pkcs11(String pin, String extra) throws Exception {
        Path pinFile = Files.writeString(dir.resolve("hsm-pin"), pin + "\n");
        return "gateway.profiles.sandbox {\n"
                + "  merchant-private-key-file = null\n"
                + "  key-version = latest\n"
                + "  key-source { type = pkcs11, pkcs11 { library = \"" + SoftHsm.LIBRARY + "\", slot = "
                + token.slot() + ", pin-file = \"" + pinFile + "\", threads = 2 } }\n"
                + "}\n"
                + "gateway.keys.signer-circuit { open-for = 200ms, max-open-for = 1s }\n"
                + extra;
    }

    GatewayFixture start(KeyPair merchant, Consumer<io.amsgateway.simulator.SimulatorConfig.Builder> sim, String hocon)
            throws Exception {
        return GatewayFixture.start(dir, merchant, sim, hocon, alipay -> {});
    }

    @Test
    void signsInsideTheTokenTheSimulatorAcceptsAndFollowsARotationWithoutRestart() throws Exception {
        token = SoftHsm.claim();
        KeyPair v1 = GatewayFixture.rsa();
        KeyPair v2 = GatewayFixture.rsa();
        token.importKey(LABEL + "1", v1);
        f = start(
                v1,
                b -> b.merchant(MerchantPublicKey.parse(
                        GatewayFixture.CLIENT_ID,
                        2,
                        Base64.getEncoder().encodeToString(v2.getPublic().getEncoded()))),
                pkcs11(token.pin(), "gateway.keys.refresh-after = 300ms\n"));
        ProxyEndToEndTest.assertVerifiedSuccess(f.post(PAY, pay(id(), "10")));
        assertThat(f.accepted(1))
                .as("signed in the token with key 1, which the simulator knows")
                .isEqualTo(1);
        assertThat(f.gateway
                        .profiles()
                        .select(GatewayFixture.CLIENT_ID)
                        .primaryKey()
                        .get()
                        .privateKey())
                .as("the key never left the token")
                .isNull();

        token.importKey(LABEL + "2", v2);
        await(
                "the gateway signs with key version 2",
                () -> VaultKeysEndToEndTest.uncheck(() -> {
                    ProxyEndToEndTest.assertVerifiedSuccess(f.post(PAY, pay(id(), "11")));
                    return f.accepted(2) > 0;
                }));
        long v1Count = f.accepted(1);
        for (int i = 0; i < 3; i++) {
            ProxyEndToEndTest.assertVerifiedSuccess(f.post(PAY, pay(id(), "12")));
        }
        assertThat(f.accepted(1))
                .as("after the rotation nothing is signed with version 1")
                .isEqualTo(v1Count);
        assertThat(f.accepted(2)).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aWrongPinOrAMissingKeyStopsTheStartWithAClearMessage() throws Exception {
        token = SoftHsm.claim();
        KeyPair v1 = GatewayFixture.rsa();
        token.importKey(LABEL + "1", v1);
        assertThatThrownBy(() -> start(v1, b -> {}, pkcs11("wrong-pin-1234", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("profile sandbox")
                .hasMessageContaining("CKR_PIN_INCORRECT")
                .hasMessageContaining("pin-file")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-pin-1234", token.pin()));

        SoftHsm.Token empty = SoftHsm.claim();
        token = empty;
        assertThatThrownBy(() -> start(v1, b -> {}, pkcs11(empty.pin(), "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("profile sandbox")
                .hasMessageContaining("no key labelled " + LABEL + "{version}");
    }

    @Test
    void aKeyThatGoesAwayFailsCallsFastAndTheyRecoverWhenItIsBack() throws Exception {
        token = SoftHsm.claim();
        KeyPair v1 = GatewayFixture.rsa();
        token.importKey(LABEL + "1", v1);
        f = start(v1, b -> {}, pkcs11(token.pin(), "gateway.keys.signer-circuit.readiness = fail\n"));
        ProxyEndToEndTest.assertVerifiedSuccess(f.post(PAY, pay(id(), "1")));
        try (SignerTrickle trickle = new SignerTrickle(f, 25)) {
            await(
                    "a few calls succeed",
                    () -> trickle.calls.stream().filter(SignerTrickle.Call::ok).count() >= 3);
            token.deleteKey(LABEL + "1");
            await("the circuit opens", () -> metric("gateway_signer_circuit_open") == 1);
            assertThat(admin("/readyz")).as("readiness = fail").isEqualTo(503);

            double failuresBefore = metric("gateway_signer_failures_total");
            long openFrom = System.nanoTime();
            Thread.sleep(2000);
            List<SignerTrickle.Call> open = trickle.between(openFrom, System.nanoTime());
            double tokenFailures = metric("gateway_signer_failures_total") - failuresBefore;
            assertThat(open).hasSizeGreaterThan(20).allMatch(SignerTrickle.Call::keyUnavailableF);
            long maxMillis = open.stream()
                    .mapToLong(c -> TimeUnit.NANOSECONDS.toMillis(c.nanos()))
                    .max()
                    .orElseThrow();
            assertThat(maxMillis).as("fail fast").isLessThan(1000);
            assertThat(tokenFailures)
                    .as("only probes reach the token while the circuit is open (%d calls)", open.size())
                    .isLessThanOrEqualTo(4);

            long restoredAt = System.nanoTime();
            token.importKey(LABEL + "1", v1);
            await("a call succeeds again", () -> trickle.firstSuccessAfter(restoredAt) != null);
            SignerTrickle.Call first = trickle.firstSuccessAfter(restoredAt);
            long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(first.startNanos() + first.nanos() - restoredAt);
            assertThat(recoveryMillis).isLessThan(3000);
            await("ready again", () -> admin("/readyz") == 200);
            System.out.printf(
                    "pkcs11 key removed: %d calls in 2 s with the circuit open, %.0f token operations, max fail-fast"
                            + " latency %d ms, first success %d ms after the key was back%n",
                    open.size(), tokenFailures, maxMillis, recoveryMillis);
        }
        assertThat(f.accepted(1)).isPositive();
    }

    @Test
    void aTokenPulledForGoodFailsEveryCallWithKeyUnavailableAndNeverHangs() throws Exception {
        token = SoftHsm.claim();
        KeyPair v1 = GatewayFixture.rsa();
        token.importKey(LABEL + "1", v1);
        f = start(v1, b -> {}, pkcs11(token.pin(), "gateway.keys.signer-circuit.readiness = report\n"));
        ProxyEndToEndTest.assertVerifiedSuccess(f.post(PAY, pay(id(), "1")));
        token.remove();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            ProxyEndToEndTest.assertGatewayError(f.post(PAY, pay(id(), "2")), 503, "GATEWAY_KEY_UNAVAILABLE", "F");
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .as("20 calls, none waiting for the token")
                .isLessThan(5000);
        assertThat(metric("gateway_signer_circuit_open")).isEqualTo(1);
        assertThat(metric("gateway_signer_failures_total")).isPositive();
        assertThat(admin("/readyz"))
                .as("readiness = report: the metric and alert tell")
                .isEqualTo(200);
    }

    int admin(String path) {
        return VaultKeysEndToEndTest.uncheck(
                () -> ProxyOperationsTest.admin(f, path).statusCode());
    }

    double metric(String name) {
        return VaultKeysEndToEndTest.uncheck(() -> {
            String text = ProxyOperationsTest.admin(f, "/metrics").body();
            var m = java.util.regex.Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$")
                    .matcher(text);
            double sum = 0;
            while (m.find()) {
                sum += Double.parseDouble(m.group(2));
            }
            return sum;
        });
    }
}
