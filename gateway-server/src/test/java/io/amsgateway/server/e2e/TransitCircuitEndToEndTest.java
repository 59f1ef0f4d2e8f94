package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static io.amsgateway.server.e2e.VaultKeysEndToEndTest.PAY;
import static io.amsgateway.server.e2e.VaultKeysEndToEndTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.testing.vault.FakeVault;
import io.amsgateway.core.testing.vault.VaultOperation;
import io.amsgateway.simulator.LeakCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Vault Transit behind its circuit breaker, end to end: a gateway signing through a {@link
 * FakeVault} in front of the AMS simulator, a steady trickle of calls, and Vault sealed,
 * rate-limited, down or refusing the gateway's token. Measured per fault: Vault requests per call
 * while the circuit is open, how fast calls fail, what {@code /readyz} says, and how long after
 * Vault returns the first call succeeds. The figures are printed for docs/benchmarks.md.
 */
@ExtendWith(LeakCheck.class)
class TransitCircuitEndToEndTest {
    static final String JWT = "service-account-jwt";
    static final String CIRCUIT = "gateway.keys.signer-circuit { open-for = 200ms, max-open-for = 1s }\n";

    @TempDir
    Path dir;

    FakeVault vault;
    GatewayFixture f;
    Path jwtFile;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
        if (vault != null) {
            vault.close();
        }
    }

    enum Fault {
        SEALED,
        RATE_LIMITED,
        DOWN,
        TOKEN_REFUSED;

        void apply(TransitCircuitEndToEndTest t) throws Exception {
            switch (this) {
                case SEALED -> t.vault.sealed(true);
                case RATE_LIMITED -> t.vault.rateLimited(true);
                case DOWN -> t.vault.down();
                case TOKEN_REFUSED -> {
                    // The pod's service account token no longer logs in, and the gateway's Vault token expires.
                    Files.writeString(t.jwtFile, "a-revoked-jwt");
                    t.vault.advanceClock(Duration.ofHours(2));
                }
            }
        }

        void lift(TransitCircuitEndToEndTest t) throws Exception {
            switch (this) {
                case SEALED -> t.vault.sealed(false);
                case RATE_LIMITED -> t.vault.rateLimited(false);
                case DOWN -> t.vault.up();
                case TOKEN_REFUSED -> Files.writeString(t.jwtFile, JWT);
            }
        }
    }

    /** A vault-transit gateway (Kubernetes auth with {@code jwt} in the JWT file) plus {@code extra}. */
    GatewayFixture startTransit(String jwt, String extra) throws Exception {
        vault = FakeVault.startTls();
        vault.kubernetesRole("kubernetes", "ams-gateway", JWT);
        jwtFile = Files.writeString(dir.resolve("sa-token"), jwt);
        KeyPair merchant = GatewayFixture.rsa();
        vault.transitCreateKey("transit", "ams-" + GatewayFixture.CLIENT_ID, merchant);
        return GatewayFixture.start(
                dir,
                merchant,
                b -> {},
                "gateway.vault {\n"
                        + "  address = \"" + vault.uri() + "\"\n"
                        + "  ca-file = \"" + vault.caPemPath() + "\"\n"
                        + "  request-timeout = 2s\n"
                        + "  auth { method = kubernetes, kubernetes { role = ams-gateway, jwt-file = \"" + jwtFile
                        + "\" } }\n"
                        + "}\n"
                        + "gateway.profiles.sandbox {\n"
                        + "  merchant-private-key-file = null\n"
                        + "  key-source.type = vault-transit\n"
                        + "}\n"
                        + CIRCUIT
                        + extra,
                alipay -> {});
    }

    @Test
    void aHealthyVaultSignsEachCallWithExactlyOneTransitRequest() throws Exception {
        f = startTransit(JWT, "");
        ProxyEndToEndTest.assertVerifiedSuccess(f.post(PAY, pay(id(), "1")));
        vault.resetRequests();
        for (int i = 0; i < 20; i++) {
            ProxyEndToEndTest.assertVerifiedSuccess(f.post(PAY, pay(id(), "2")));
        }
        assertThat(vault.requests())
                .as("one transit/sign per call, nothing else")
                .hasSize(20);
        assertThat(vault.transitSigns()).isEqualTo(20);
        assertThat(metric("gateway_signer_circuit_open")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void duringAFaultCallsFailFastWithoutVaultRoundTripsAndRecoverWhenVaultReturns(Fault fault) throws Exception {
        f = startTransit(JWT, "gateway.keys.signer-circuit.readiness = fail\n");
        ProxyEndToEndTest.assertVerifiedSuccess(f.post(PAY, pay(id(), "1")));
        try (SignerTrickle trickle = new SignerTrickle(f, 25)) {
            await(
                    "a few calls succeed",
                    () -> trickle.calls.stream().filter(SignerTrickle.Call::ok).count() >= 3);
            fault.apply(this);
            await("the circuit opens", () -> metricQuietly("gateway_signer_circuit_open") == 1);
            assertThat(admin("/readyz"))
                    .as("readiness = fail: an open circuit fails /readyz")
                    .isEqualTo(503);

            vault.resetRequests();
            long openFrom = System.nanoTime();
            Thread.sleep(2000);
            long openTo = System.nanoTime();
            long vaultRequests = vault.requests().size();
            List<SignerTrickle.Call> open = trickle.between(openFrom, openTo);
            assertThat(open).as("the trickle kept calling").hasSizeGreaterThan(20);
            assertThat(open)
                    .as("every call fails with 503 GATEWAY_KEY_UNAVAILABLE, resultStatus F")
                    .allMatch(SignerTrickle.Call::keyUnavailableF);
            long maxMillis = open.stream()
                    .mapToLong(c -> TimeUnit.NANOSECONDS.toMillis(c.nanos()))
                    .max()
                    .orElseThrow();
            assertThat(maxMillis)
                    .as("fail fast (the Vault request timeout is 2 s)")
                    .isLessThan(1000);
            assertThat(vaultRequests)
                    .as("only probes reach Vault while the circuit is open (at 200 ms, 600 ms, 1.4 s): " + open.size()
                            + " calls")
                    .isLessThanOrEqualTo(8);
            assertThat(metric("gateway_signer_circuit_rejected_total")).isPositive();

            long liftedAt = System.nanoTime();
            fault.lift(this);
            await("a call succeeds again", () -> trickle.firstSuccessAfter(liftedAt) != null);
            SignerTrickle.Call first = trickle.firstSuccessAfter(liftedAt);
            long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(first.startNanos() + first.nanos() - liftedAt);
            assertThat(recoveryMillis)
                    .as("recovery within one probe interval (max-open-for 1 s) of Vault's return")
                    .isLessThan(3000);
            await("ready again", () -> adminQuietly("/readyz") == 200);
            assertThat(metric("gateway_signer_circuit_open")).isZero();
            System.out.printf(
                    "transit %s: %d calls in 2 s with the circuit open, %d Vault requests (%.3f per call), max"
                            + " fail-fast latency %d ms, first success %d ms after Vault returned%n",
                    fault, open.size(), vaultRequests, (double) vaultRequests / open.size(), maxMillis, recoveryMillis);
        }
    }

    @Test
    void withReadinessReportAnOpenCircuitLeavesReadyzUpAndRaisesTheMetric() throws Exception {
        f = startTransit(JWT, "gateway.keys.signer-circuit.readiness = report\n");
        ProxyEndToEndTest.assertVerifiedSuccess(f.post(PAY, pay(id(), "1")));
        vault.sealed(true);
        for (int i = 0; i < 10 && metric("gateway_signer_circuit_open") == 0; i++) {
            ProxyEndToEndTest.assertGatewayError(f.post(PAY, pay(id(), "2")), 503, "GATEWAY_KEY_UNAVAILABLE", "F");
        }
        assertThat(metric("gateway_signer_circuit_open")).isEqualTo(1);
        assertThat(admin("/readyz"))
                .as("readiness = report: a sidecar stays ready")
                .isEqualTo(200);
        ProxyEndToEndTest.assertGatewayError(f.post(PAY, pay(id(), "3")), 503, "GATEWAY_KEY_UNAVAILABLE", "F");
        assertThat(metric("gateway_signer_circuit_rejected_total")).isPositive();
        assertThat(metric("gateway_signer_circuit_transitions_total", "state=\"open\""))
                .isEqualTo(1);

        vault.sealed(false);
        await("the readiness probe's own probe closes the circuit", () -> {
            adminQuietly("/readyz");
            return metricQuietly("gateway_signer_circuit_open") == 0;
        });
        ProxyEndToEndTest.assertVerifiedSuccess(f.post(PAY, pay(id(), "4")));
    }

    @Test
    void startingWithTheTokenRefusedCallsAndProbesShareFewLoginsNotOneEach() throws Exception {
        f = startTransit("a-revoked-jwt", "gateway.keys.startup-timeout = 300ms\n");
        assertThat(f.gateway.ready()).as("no keys yet").isFalse();
        vault.resetRequests();
        long start = System.nanoTime();
        try (SignerTrickle trickle = new SignerTrickle(f, 50)) {
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4)) {
                assertThat(admin("/readyz")).isEqualTo(503);
                Thread.sleep(100);
            }
            List<SignerTrickle.Call> calls = trickle.between(start, System.nanoTime());
            long logins = vault.count(VaultOperation.LOGIN);
            assertThat(calls).allMatch(SignerTrickle.Call::keyUnavailableF);
            assertThat(logins)
                    .as(
                            "%d calls and ~40 readiness probes in 4 s: the first few loads, then one probe per"
                                    + " interval (200 ms doubling to 1 s)",
                            calls.size())
                    .isLessThanOrEqualTo(14);
            System.out.printf(
                    "transit start-up, token refused: %d calls and ~40 readiness probes in 4 s made %d Vault logins%n",
                    calls.size(), logins);

            long fixedAt = System.nanoTime();
            Files.writeString(jwtFile, JWT);
            await("a call succeeds", () -> trickle.firstSuccessAfter(fixedAt) != null);
            await("ready", () -> adminQuietly("/readyz") == 200);
        }
    }

    @Test
    void cachedVaultKvKeysMakeNoVaultRequestPerCall() throws Exception {
        vault = FakeVault.startTls();
        KeyPair merchant = GatewayFixture.rsa();
        f = GatewayFixture.start(
                dir,
                merchant,
                b -> {},
                "gateway.vault { address = \"" + vault.uri() + "\", ca-file = \"" + vault.caPemPath()
                        + "\", auth.token-file = \"" + Files.writeString(dir.resolve("token"), vault.rootToken())
                        + "\" }\n"
                        + "gateway.profiles.sandbox { merchant-private-key-file = null, alipay-public-keys = [],"
                        + " key-source.type = vault-kv }\n",
                alipay -> VaultKeysEndToEndTest.uncheck(() -> vault.kvPut(
                        "secret",
                        VaultKeysEndToEndTest.SECRET,
                        Map.of(
                                "merchant_private_key",
                                java.util.Base64.getEncoder()
                                        .encodeToString(merchant.getPrivate().getEncoded()),
                                "alipay_public_key_v1",
                                Files.readString(alipay)))));
        ProxyEndToEndTest.assertVerifiedSuccess(f.post(PAY, pay(id(), "1")));
        vault.resetRequests();
        for (int i = 0; i < 20; i++) {
            ProxyEndToEndTest.assertVerifiedSuccess(f.post(PAY, pay(id(), "2")));
        }
        assertThat(vault.requests())
                .as("cached KV keys: no Vault request per call")
                .isEmpty();
        assertThat(metric("gateway_signer_circuit_open"))
                .as("no circuit in front of a KV source")
                .isZero();
    }

    int admin(String path) throws Exception {
        return ProxyOperationsTest.admin(f, path).statusCode();
    }

    int adminQuietly(String path) {
        return VaultKeysEndToEndTest.uncheck(() -> admin(path));
    }

    double metricQuietly(String name) {
        return VaultKeysEndToEndTest.uncheck(() -> metric(name));
    }

    double metric(String name) throws Exception {
        return metric(name, "");
    }

    /** The sum of {@code name}'s samples whose labels contain {@code labelFilter}, from a live scrape. */
    double metric(String name, String labelFilter) throws Exception {
        return f.metric(name, labelFilter);
    }
}
