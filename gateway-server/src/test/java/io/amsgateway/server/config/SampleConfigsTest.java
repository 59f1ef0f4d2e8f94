package io.amsgateway.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every file in {@code config/samples} is a valid configuration (given the environment it names). */
class SampleConfigsTest {
    static final Path SAMPLES = Path.of("..", "config", "samples");
    static final Map<String, String> ENV = Map.of(
            "AMS_CLIENT_ID", "SANDBOX_5X00000000000000",
            "VAULT_ADDR", "https://vault.vault.svc:8200");

    /** The sample, with {@link #ENV} standing in for the environment its substitutions read. */
    static GatewayConfig load(Path file) {
        return GatewayConfig.from(ConfigFactory.parseFile(file.toFile())
                .withFallback(ConfigFactory.parseMap(ENV))
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    }

    @Test
    void everySampleLoads() throws IOException {
        List<Path> samples;
        try (Stream<Path> s = Files.list(SAMPLES)) {
            samples = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertThat(samples).as("samples are where the README says").hasSizeGreaterThanOrEqualTo(4);
        for (Path p : samples) {
            GatewayConfig c = load(p);
            assertThat(c.profiles()).as(p + " has a profile").isNotEmpty();
        }
    }

    @Test
    void theVaultSamplesSayWhatTheirCommentsSay() {
        GatewayConfig kv = load(SAMPLES.resolve("vault-kv-sidecar.conf"));
        ProfileConfig sea = kv.profiles().get("sea");
        assertThat(sea.keySource()).isInstanceOf(KeySourceConfig.VaultKv.class);
        assertThat(sea.keyVersion()).as("latest").isEmpty();
        assertThat(kv.vault().orElseThrow().auth().method()).isEqualTo("kubernetes");

        GatewayConfig transit = load(SAMPLES.resolve("vault-transit-sidecar.conf"));
        KeySourceConfig.VaultTransit t =
                (KeySourceConfig.VaultTransit) transit.profiles().get("sea").keySource();
        assertThat(t.alipayKeys()).isEqualTo(new KeySourceConfig.Directory(Path.of("/keys")));

        GatewayConfig hsm = load(SAMPLES.resolve("pkcs11-hsm.conf"));
        KeySourceConfig.Pkcs11 k =
                (KeySourceConfig.Pkcs11) hsm.profiles().get("sea").keySource();
        assertThat(k.settings().pin().file()).isEqualTo(Path.of("/run/secrets/hsm/pin"));
        assertThat(k.alipayKeys()).isEqualTo(new KeySourceConfig.Directory(Path.of("/keys")));
        assertThat(hsm.profiles().get("sea").keyVersion()).as("latest").isEmpty();
        assertThat(hsm.keys().circuitReadiness()).isEqualTo(KeysConfig.CircuitReadiness.FAIL);
    }

    @Test
    void theApiKeySampleSaysWhatItsCommentsSay() {
        ProfileConfig sea =
                load(SAMPLES.resolve("api-key-sidecar.conf")).profiles().get("sea");
        assertThat(sea.auth()).isEqualTo(AuthMode.API_KEY);
        assertThat(sea.sandboxPaths()).as("a PROD key: production paths").isFalse();
        assertThat(sea.alipayKeysNeeded()).as("notifications are off").isFalse();
        assertThat(((KeySourceConfig.Files) sea.keySource()).apiKey())
                .isEqualTo(new io.amsgateway.core.key.KeyText(Path.of("/keys/api-key"), null));
    }
}
