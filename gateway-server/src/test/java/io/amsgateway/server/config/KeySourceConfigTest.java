package io.amsgateway.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.amsgateway.core.vault.VaultAuth;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code key-source}, {@code key-version}, {@code gateway.keys} and {@code gateway.vault}. */
class KeySourceConfigTest {
    static final String VAULT =
            "gateway.vault { address = \"https://vault.internal:8200\"," + " auth.token-file = \"/vault/token\" }\n";

    private static GatewayConfig parse(String hocon) {
        return GatewayConfig.from(ConfigFactory.parseString(hocon)
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    }

    private static String profile(String body) {
        return "gateway.profiles.sea { client-id = \"SANDBOX_1\"\n" + body + "\n}\n";
    }

    @Test
    void namedFilesAreTheDefaultFileSource() {
        ProfileConfig p = parse(
                        profile(
                                "merchant-private-key-file = \"/keys/m.pem\", alipay-public-keys = [{version = 2, file = \"/keys/a.pem\"}]"))
                .profiles()
                .get("sea");
        assertThat(p.keySource()).isInstanceOf(KeySourceConfig.Files.class);
        KeySourceConfig.Files f = (KeySourceConfig.Files) p.keySource();
        assertThat(f.merchantKeys()).containsOnlyKeys(1);
        assertThat(f.alipayKeys()).containsOnlyKeys(2);
        assertThat(p.keyVersionText()).isEqualTo("1");
    }

    @Test
    void aDirectoryWithLatest() {
        GatewayConfig c = parse(profile("key-version = latest, key-source.dir = \"/keys\""));
        ProfileConfig p = c.profiles().get("sea");
        assertThat(p.keySource()).isEqualTo(new KeySourceConfig.Directory(Path.of("/keys")));
        assertThat(p.keyVersion()).isEmpty();
        assertThat(c.vault()).as("no profile uses Vault").isEmpty();
        assertThat(c.redacted()).contains("key-version=latest").contains("dir /keys");
    }

    @Test
    void vaultKvWithItsDefaults() {
        GatewayConfig c = parse(VAULT + profile("key-source.type = vault-kv, key-version = latest"));
        assertThat(c.profiles().get("sea").keySource())
                .isEqualTo(new KeySourceConfig.VaultKv(
                        "secret", "ams/{client-id}", "merchant_private_key", "alipay_public_key_v"));
        assertThat(c.vault()).hasValueSatisfying(v -> {
            assertThat(v.address().toString()).isEqualTo("https://vault.internal:8200");
            assertThat(v.auth()).isEqualTo(VaultAuth.Token.fromFile(Path.of("/vault/token")));
            assertThat(v.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void vaultTransitTakesAlipayKeysFromFiles() {
        GatewayConfig c = parse(VAULT
                + "gateway.vault.auth { method = kubernetes, kubernetes.role = ams }\n"
                + profile("key-source { type = vault-transit, transit-key = \"merchant-{client-id}\" }\n"
                        + "alipay-public-keys = [{version = 1, file = \"/keys/a.pem\"}]"));
        KeySourceConfig.VaultTransit t =
                (KeySourceConfig.VaultTransit) c.profiles().get("sea").keySource();
        assertThat(t.key()).isEqualTo("merchant-{client-id}");
        assertThat(t.alipayKeys()).isInstanceOf(KeySourceConfig.Files.class);
        assertThat(c.vault().orElseThrow().auth()).isInstanceOf(VaultAuth.Kubernetes.class);
    }

    static final String PKCS11 = "key-source { type = pkcs11, dir = \"/keys\", pkcs11 { library ="
            + " \"/usr/lib/softhsm/libsofthsm2.so\", pin-file = \"/run/secrets/hsm-pin\" } }";

    @Test
    void pkcs11WithItsDefaultsAndTheCircuitSettings() {
        GatewayConfig c = parse(profile(PKCS11 + ", key-version = latest"));
        KeySourceConfig.Pkcs11 k =
                (KeySourceConfig.Pkcs11) c.profiles().get("sea").keySource();
        assertThat(k.settings().library()).isEqualTo(Path.of("/usr/lib/softhsm/libsofthsm2.so"));
        assertThat(k.settings().slot()).isEmpty();
        assertThat(k.settings().slotListIndex()).isZero();
        assertThat(k.settings().pin().file()).isEqualTo(Path.of("/run/secrets/hsm-pin"));
        assertThat(k.settings().label(new io.amsgateway.core.key.KeyRef("SANDBOX_1", 3)))
                .isEqualTo("ams-SANDBOX_1-v3");
        assertThat(k.settings().threads()).isEqualTo(4);
        assertThat(k.settings().timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(k.alipayKeys()).isEqualTo(new KeySourceConfig.Directory(Path.of("/keys")));
        assertThat(k.remoteSigner()).isTrue();
        assertThat(c.vault()).as("pkcs11 needs no Vault").isEmpty();
        assertThat(c.keys().circuitReadiness()).isEqualTo(KeysConfig.CircuitReadiness.FAIL);
        assertThat(c.keys().signerCircuit())
                .isEqualTo(io.amsgateway.core.key.CircuitBreakingKeySource.Settings.DEFAULTS);
        assertThat(c.redacted()).contains("pkcs11 (library /usr/lib/softhsm/libsofthsm2.so", "pin-file /run/secrets");

        GatewayConfig slot = parse(profile(PKCS11 + ", key-source.pkcs11 { slot = 1737976306, pin-file = \"\","
                        + " pin-env = HSM_PIN, key-label = \"merchant-v{version}\" }")
                + "gateway.keys.signer-circuit { readiness = report, open-for = 2s }");
        KeySourceConfig.Pkcs11 s =
                (KeySourceConfig.Pkcs11) slot.profiles().get("sea").keySource();
        assertThat(s.settings().slot()).hasValue(1737976306L);
        assertThat(s.settings().pin().env()).isEqualTo("HSM_PIN");
        assertThat(slot.keys().circuitReadiness()).isEqualTo(KeysConfig.CircuitReadiness.REPORT);
        assertThat(slot.keys().signerCircuit().openFor()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void pkcs11MistakesNameTheirKey() {
        assertThatThrownBy(() -> parse(profile("key-source { type = pkcs11, dir = /keys }")))
                .hasMessageContaining("gateway.profiles.sea.key-source.pkcs11.library")
                .hasMessageContaining("absolute path");
        assertThatThrownBy(() -> parse(profile(PKCS11 + ", key-source.pkcs11.pin-env = HSM_PIN")))
                .hasMessageContaining("gateway.profiles.sea.key-source.pkcs11.pin-file")
                .hasMessageContaining("exactly one of pin-file and pin-env");
        assertThatThrownBy(
                        () -> parse(profile(PKCS11 + ", key-source.pkcs11 { pin-file = \"\", pin-env = \"12 34\" }")))
                .hasMessageContaining("gateway.profiles.sea.key-source.pkcs11.pin-env")
                .hasMessageContaining("not hold the PIN")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("12 34"));
        assertThatThrownBy(() -> parse(profile(PKCS11 + ", key-source.pkcs11.slot = first")))
                .hasMessageContaining("gateway.profiles.sea.key-source.pkcs11.slot");
        assertThatThrownBy(() -> parse(profile(PKCS11 + ", key-source.pkcs11.key-label = ams-key")))
                .hasMessageContaining("gateway.profiles.sea.key-source.pkcs11.key-label")
                .hasMessageContaining("{version}");
        assertThatThrownBy(() -> parse(profile(PKCS11 + ", key-source.pkcs11.threads = 0")))
                .hasMessageContaining("gateway.profiles.sea.key-source.pkcs11.threads");
        assertThatThrownBy(() -> parse(profile(PKCS11 + ", merchant-private-key = x")))
                .hasMessageContaining("stays in the token");
        assertThatThrownBy(() -> parse(profile(PKCS11 + ", algorithm = ECC224")))
                .hasMessageContaining("gateway.profiles.sea.algorithm");
        assertThatThrownBy(() -> parse(profile(PKCS11 + ", encryption.enabled = true")))
                .hasMessageContaining("gateway.profiles.sea.encryption.enabled");
        assertThatThrownBy(() -> parse(
                        profile("key-source { type = pkcs11, pkcs11 { library = \"/l.so\"," + " pin-env = P } }")))
                .hasMessageContaining("gateway.profiles.sea.key-source.dir")
                .hasMessageContaining("pkcs11 takes Alipay's public keys");
        assertThatThrownBy(() -> parse(profile(PKCS11) + "gateway.keys.signer-circuit.readiness = maybe"))
                .hasMessageContaining("gateway.keys.signer-circuit.readiness")
                .hasMessageContaining("fail")
                .hasMessageContaining("report");
        assertThatThrownBy(() -> parse(profile(PKCS11) + "gateway.keys.signer-circuit.minimum-calls = 20"))
                .hasMessageContaining("gateway.keys.signer-circuit.minimum-calls");
        assertThatThrownBy(() -> parse(profile(PKCS11) + "gateway.keys.signer-circuit.max-open-for = 100ms"))
                .hasMessageContaining("gateway.keys.signer-circuit.max-open-for");
    }

    @Test
    void mistakesNameTheirKey() {
        assertThatThrownBy(() -> parse(profile("key-source.type = vault-kv")))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("gateway.vault.address")
                .hasMessageContaining("required");
        assertThatThrownBy(() -> parse(VAULT + profile("key-source.type = vault-kv, merchant-private-key = x")))
                .hasMessageContaining("gateway.profiles.sea.key-source.type")
                .hasMessageContaining("remove");
        assertThatThrownBy(() -> parse(VAULT
                        + profile("key-source.type = vault-transit, alipay-public-keys = [{version = 1, inline = y}],"
                                + " encryption.enabled = true")))
                .hasMessageContaining("gateway.profiles.sea.encryption.enabled");
        assertThatThrownBy(() -> parse(VAULT + profile("key-source.type = vault-transit")))
                .hasMessageContaining("gateway.profiles.sea.key-source.dir")
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> parse(profile("key-source.type = hsm")))
                .hasMessageContaining("gateway.profiles.sea.key-source.type");
        assertThatThrownBy(
                        () -> parse(
                                profile(
                                        "key-version = latest, merchant-private-key = x, alipay-public-keys = [{version = 1, inline = y}]")))
                .hasMessageContaining("gateway.profiles.sea.key-version")
                .hasMessageContaining("latest");
        assertThatThrownBy(() -> parse(profile("key-version = newest, key-source.dir = /k")))
                .hasMessageContaining("gateway.profiles.sea.key-version");
        assertThatThrownBy(() -> parse(profile("key-source.dir = /k, merchant-private-key = x")))
                .hasMessageContaining("gateway.profiles.sea.key-source.dir");
        assertThatThrownBy(() -> parse(VAULT + profile("key-source { type = vault-kv, path = \"/ams/x\" }")))
                .hasMessageContaining("gateway.profiles.sea.key-source.path");
        assertThatThrownBy(() -> parse(profile("key-source.dir = /k") + "gateway.keys.expire-after = 1m"))
                .hasMessageContaining("gateway.keys.expire-after")
                .hasMessageContaining("refresh-after");
    }

    @Test
    void vaultAuthNeedsItsCredentials() {
        String kv = profile("key-source.type = vault-kv");
        assertThatThrownBy(() -> parse("gateway.vault { address = \"https://v:8200\", auth.token-env ="
                        + " AMS_TEST_SURELY_UNSET_VARIABLE }\n" + kv))
                .hasMessageContaining("gateway.vault.auth.token-file")
                .hasMessageContaining("AMS_TEST_SURELY_UNSET_VARIABLE");
        assertThatThrownBy(() -> parse(VAULT + "gateway.vault.auth.method = kubernetes\n" + kv))
                .hasMessageContaining("gateway.vault.auth.kubernetes.role");
        assertThatThrownBy(() -> parse(VAULT + "gateway.vault.auth.method = approle\n" + kv))
                .hasMessageContaining("gateway.vault.auth.approle.role-id");
        assertThatThrownBy(() -> parse(VAULT + "gateway.vault.auth.method = ldap\n" + kv))
                .hasMessageContaining("gateway.vault.auth.method");
        assertThatThrownBy(() -> parse(VAULT + "gateway.vault.address = \"vault:8200/v1\"\n" + kv))
                .hasMessageContaining("gateway.vault.address");
        assertThatThrownBy(
                        () -> parse(VAULT + "gateway.vault { address = \"http://v:8200\", ca-file = /ca.pem }\n" + kv))
                .hasMessageContaining("gateway.vault.ca-file");
    }
}
