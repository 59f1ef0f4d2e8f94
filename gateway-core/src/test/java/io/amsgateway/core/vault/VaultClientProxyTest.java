package io.amsgateway.core.vault;

import static io.amsgateway.core.vault.VaultTesting.await;
import static io.amsgateway.core.vault.VaultTesting.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.testing.Tinyproxy;
import io.amsgateway.core.testing.vault.FakeVault;
import io.amsgateway.core.vault.VaultException.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Vault through a real forward proxy (Debian's tinyproxy), plain and with basic auth. */
@Timeout(60)
class VaultClientProxyTest {
    @TempDir
    Path dir;

    @Test
    void anHttpVaultIsReadThroughTheProxy() throws Exception {
        try (FakeVault vault = FakeVault.start();
                Tinyproxy proxy = Tinyproxy.start(dir, List.of())) {
            vault.kvPut("secret", "ams/c", Map.of("k", "v"));
            try (VaultClient client = VaultClient.create(
                    config(vault, null, new VaultConfig.Proxy("127.0.0.1", proxy.port(), null, null)),
                    VaultClient.Listener.NONE)) {
                assertThat(await(client.kvRead("secret", "ams/c", null)).data()).containsEntry("k", "v");
            }
            assertThat(proxy.log())
                    .as("the read went through the proxy")
                    .contains("Request (file descriptor")
                    .contains(vault.uri().getAuthority() + "/v1/secret/data/ams/c");
        }
    }

    @Test
    void anHttpsVaultIsReadThroughTheProxysTunnel() throws Exception {
        try (FakeVault vault = FakeVault.startTls();
                Tinyproxy proxy = Tinyproxy.start(dir, List.of())) {
            vault.kvPut("secret", "ams/c", Map.of("k", "v"));
            try (VaultClient client = VaultClient.create(
                    config(vault, vault.caPemPath(), new VaultConfig.Proxy("127.0.0.1", proxy.port(), null, null)),
                    VaultClient.Listener.NONE)) {
                assertThat(await(client.kvRead("secret", "ams/c", null)).data()).containsEntry("k", "v");
            }
            assertThat(proxy.log()).contains("CONNECT " + vault.uri().getAuthority());
        }
    }

    @Test
    void theProxysBasicAuthIsSentAndAWrongPasswordIsAClearRefusal() throws Exception {
        try (FakeVault vault = FakeVault.start();
                Tinyproxy proxy = Tinyproxy.start(dir, List.of("BasicAuth vaultuser pr0xy-pass"))) {
            vault.kvPut("secret", "ams/c", Map.of("k", "v"));
            try (VaultClient good = VaultClient.create(
                            config(
                                    vault,
                                    null,
                                    new VaultConfig.Proxy("127.0.0.1", proxy.port(), "vaultuser", "pr0xy-pass")),
                            VaultClient.Listener.NONE);
                    VaultClient wrong = VaultClient.create(
                            config(vault, null, new VaultConfig.Proxy("127.0.0.1", proxy.port(), "vaultuser", "wrong")),
                            VaultClient.Listener.NONE)) {
                assertThat(await(good.kvRead("secret", "ams/c", null)).data()).containsEntry("k", "v");
                long reads = vault.kvReads();
                Throwable e = failure(wrong.kvRead("secret", "ams/c", null));
                assertThat(e).isInstanceOf(VaultException.class);
                assertThat(e.getMessage()).doesNotContain("wrong").doesNotContain("pr0xy-pass");
                assertThat(vault.kvReads())
                        .as("a refused request reaches no Vault")
                        .isEqualTo(reads);
            }
        }
    }

    @Test
    void aProxyRefusingTheTunnelIsNamed() throws Exception {
        try (FakeVault vault = FakeVault.startTls();
                Tinyproxy proxy = Tinyproxy.start(dir, List.of("ConnectPort 9"))) {
            try (VaultClient client = VaultClient.create(
                    config(vault, vault.caPemPath(), new VaultConfig.Proxy("127.0.0.1", proxy.port(), null, null)),
                    VaultClient.Listener.NONE)) {
                VaultException e = (VaultException) failure(client.kvRead("secret", "ams/c", null));
                assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
                assertThat(e.getMessage()).contains("refused the tunnel").contains("HTTP 403");
            }
        }
    }

    private static VaultConfig config(FakeVault vault, @Nullable Path ca, VaultConfig.Proxy proxy) {
        return new VaultConfig(
                vault.uri(), null, ca, Duration.ofSeconds(5), VaultAuth.Token.fromValue(vault.rootToken()), proxy);
    }
}
