package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.assertVerifiedSuccess;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.json;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.simulator.LeakCheck;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Per-profile options through the real gateway and simulator: RSA_AES and the sandbox rewrite. */
@ExtendWith(LeakCheck.class)
class ProxyEncryptionAndSandboxTest {
    @Test
    void rsaAesProfileEncryptsTheRequestAndHandsBackTheDecryptedAnswer(@TempDir Path dir) throws Exception {
        try (GatewayFixture f =
                GatewayFixture.start(dir, b -> {}, "gateway.profiles.sandbox.encryption.enabled = true")) {
            String req = id();
            HttpResponse<String> r = f.post("/ams/api/v1/payments/pay", pay(req, "321"));

            assertVerifiedSuccess(r);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
            assertThat(json(r).get("paymentRequestId").asText())
                    .as("the simulator decrypted the request, and the gateway decrypted its encrypted answer")
                    .isEqualTo(req);
            assertThat(json(r).at("/paymentAmount/value").asText()).isEqualTo("321");
        }
    }

    @Test
    void aProfileCanTurnTheSandboxRewriteOff(@TempDir Path dir) throws Exception {
        // With the rewrite off, /ams/api/... is signed and sent as is (the simulator serves both
        // paths, so the call itself succeeds either way; the profile's setting is what is checked).
        try (GatewayFixture f = GatewayFixture.start(dir, b -> {}, "gateway.profiles.sandbox.sandbox = never")) {
            assertThat(f.gateway
                            .profiles()
                            .all()
                            .iterator()
                            .next()
                            .cfg()
                            .sandbox()
                            .isSandbox(GatewayFixture.CLIENT_ID))
                    .isFalse();
            assertVerifiedSuccess(f.post("/ams/api/v1/payments/pay", pay(id(), "5")));
        }
    }
}
