package io.amsgateway.core.vault;

import static io.amsgateway.core.vault.VaultTesting.await;
import static io.amsgateway.core.vault.VaultTesting.config;
import static io.amsgateway.core.vault.VaultTesting.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.testing.vault.FakeVault;
import io.amsgateway.core.vault.VaultException.Kind;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How Vault's failures become {@link VaultException} kinds, and what their messages never show. */
@Timeout(30)
class VaultClientErrorsTest {
    private FakeVault vault;
    private final RecordingListener listener = new RecordingListener();
    private VaultClient client;

    @BeforeEach
    void start() {
        vault = FakeVault.start();
        vault.kvPut("secret", "ams/c", Map.of("k", "v"));
        client = VaultClient.create(config(vault.uri(), VaultAuth.Token.fromValue(vault.rootToken())), listener);
    }

    @AfterEach
    void stop() {
        client.close();
        vault.close();
    }

    @Test
    void sealedIsSealed() {
        await(client.kvRead("secret", "ams/c", null)); // logged in before the seal
        vault.sealed(true);

        VaultException e = (VaultException) failure(client.kvRead("secret", "ams/c", null));

        assertThat(e.kind()).isEqualTo(Kind.SEALED);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
        assertThat(e.getMessage()).contains("kv-read", "secret/data/ams/c", "Vault is sealed");
        assertThat(listener.requests).contains("kv-read 503");
    }

    @Test
    void rateLimitedIsRateLimited() {
        vault.rateLimited(true);

        VaultException e = (VaultException) failure(client.kvRead("secret", "ams/c", null));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.status()).isEqualTo(429);
    }

    @Test
    void noListenerIsUnreachable() throws Exception {
        URI closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        try (VaultClient c = VaultClient.create(
                config(closed, VaultAuth.Token.fromValue("hvs.unreachable-token")), VaultClient.Listener.NONE)) {
            VaultException e = (VaultException) failure(c.kvRead("secret", "ams/c", null));

            assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).doesNotContain("hvs.unreachable-token");
            assertThat(e.getMessage())
                    .as("names the Vault it could not reach")
                    .contains("Vault at " + closed + " unreachable (ConnectException)")
                    .contains("gateway.vault.address");
        }
    }

    @Test
    void aSlowAnswerIsUnreachableAfterTheRequestTimeout() {
        try (VaultClient c = VaultClient.create(
                new VaultConfig(
                        vault.uri(), null, null, Duration.ofMillis(300), VaultAuth.Token.fromValue(vault.rootToken())),
                VaultClient.Listener.NONE)) {
            vault.delay(Duration.ofSeconds(2));

            VaultException e = (VaultException) failure(c.kvRead("secret", "ams/c", null));

            assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(e.getMessage()).contains("300 ms");
        } finally {
            vault.delay(Duration.ZERO);
        }
    }

    @Test
    void theNamespaceHeaderIsSent() {
        vault.namespace("team-a");
        try (VaultClient c = VaultClient.create(
                config(vault.uri(), "team-a", VaultAuth.Token.fromValue(vault.rootToken())),
                VaultClient.Listener.NONE)) {
            assertThat(await(c.kvRead("secret", "ams/c", null)).data()).containsEntry("k", "v");
        }
        assertThat(((VaultException) failure(client.kvRead("secret", "ams/c", null))).kind())
                .as("without the header the fake refuses")
                .isEqualTo(Kind.DENIED);
    }

    @Test
    void aRefusedTokenFailsWithoutShowingIt() {
        String token = "hvs.this-token-is-not-known-to-vault";
        try (VaultClient c =
                VaultClient.create(config(vault.uri(), VaultAuth.Token.fromValue(token)), VaultClient.Listener.NONE)) {
            VaultException e = (VaultException) failure(c.kvRead("secret", "ams/c", null));

            assertThat(e.kind()).isEqualTo(Kind.DENIED);
            assertThat(e.getMessage()).contains("lookup-self").doesNotContain(token);
            assertThat(e.toString()).doesNotContain(token);
        }
    }

    @Test
    void aClosedClientFailsItsCallsInsteadOfThrowing() {
        VaultClient c = VaultClient.create(
                config(vault.uri(), VaultAuth.Token.fromValue(vault.rootToken())), VaultClient.Listener.NONE);
        c.close();

        assertThat(failure(c.kvRead("secret", "ams/c", null))).isInstanceOf(RuntimeException.class);
    }
}
