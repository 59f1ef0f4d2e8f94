package io.amsgateway.core.vault;

import static io.amsgateway.core.vault.VaultTesting.await;
import static io.amsgateway.core.vault.VaultTesting.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.testing.vault.FakeVault;
import io.amsgateway.core.vault.VaultException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS to Vault trusts exactly the configured CA file. */
@Timeout(30)
class VaultClientTlsTest {
    @TempDir
    Path dir;

    @Test
    void trustsTheConfiguredCaAndNoOther() {
        try (FakeVault vault = FakeVault.startTls();
                FakeVault other = FakeVault.startTls()) {
            vault.kvPut("secret", "ams/c", Map.of("k", "v"));
            VaultAuth auth = VaultAuth.Token.fromValue(vault.rootToken());
            try (VaultClient trusting =
                            VaultClient.create(config(vault, vault.caPemPath(), auth), VaultClient.Listener.NONE);
                    VaultClient wrongCa =
                            VaultClient.create(config(vault, other.caPemPath(), auth), VaultClient.Listener.NONE)) {
                assertThat(await(trusting.kvRead("secret", "ams/c", null)).data())
                        .containsEntry("k", "v");

                VaultException e = (VaultException) failure(wrongCa.kvRead("secret", "ams/c", null));
                assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
            }
        }
    }

    @Test
    void aCaFileWithoutCertificatesIsRefusedAtCreation() throws Exception {
        Path empty = Files.writeString(dir.resolve("ca.pem"), "no certificate here\n");
        VaultConfig config = new VaultConfig(
                java.net.URI.create("https://127.0.0.1:8200"),
                null,
                empty,
                Duration.ofSeconds(1),
                VaultAuth.Token.fromValue("t"));

        assertThatThrownBy(() -> VaultClient.create(config, VaultClient.Listener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ca.pem");
    }

    @Test
    void theAddressMustBeHttpOrHttpsWithoutAPath() {
        VaultAuth auth = VaultAuth.Token.fromValue("t");
        assertThatThrownBy(() -> VaultConfig.of(java.net.URI.create("ftp://vault:8200"), auth))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VaultConfig.of(java.net.URI.create("https://vault:8200/v1"), auth))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(VaultAuth.Token.fromValue("hvs.secret").toString()).doesNotContain("hvs.secret");
    }

    private static VaultConfig config(FakeVault vault, Path ca, VaultAuth auth) {
        return new VaultConfig(vault.uri(), null, ca, Duration.ofSeconds(3), auth);
    }
}
