package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.testing.TestKeys;
import io.amsgateway.core.testing.vault.FakeVault;
import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ConfigMap's gateway.conf is accepted by the gateway's own {@code check-config}, run with the
 * chart's command line against the real jar. Mount paths are pointed at a temporary directory
 * holding what the pod would mount (key files, the service account token, Vault's CA).
 */
class CheckConfigTest {
    @TempDir
    Path dir;

    @Test
    void standaloneConfigWithSecretKeyFilesIsAccepted() throws Exception {
        writeKeys("sea");
        writeKeys("eu");

        ContainerCommand.Result r = checkConfig(ValuesProfile.STANDALONE, Map.of("keys.mountPath", dir + "/keys"));

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("OK: configuration and keys are valid (2 profile(s)");
    }

    @Test
    void sidecarConfigIsAccepted() throws Exception {
        writeKeys("sea");

        ContainerCommand.Result r = checkConfig(ValuesProfile.SIDECAR, Map.of("keys.mountPath", dir + "/keys"));

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("OK: configuration and keys are valid (1 profile(s)");
    }

    @Test
    void missingKeyFilesAreRefused() throws Exception {
        ContainerCommand.Result r = checkConfig(ValuesProfile.SIDECAR, Map.of("keys.mountPath", dir + "/keys"));

        assertThat(r.exitCode()).as("check-config can fail: %s", r.output()).isEqualTo(2);
    }

    @Test
    void vaultKvConfigLogsInWithKubernetesAuthAndLoadsTheKeys() throws Exception {
        KeyPair merchant = TestKeys.rsa();
        KeyPair alipay = TestKeys.rsa();
        try (FakeVault vault = FakeVault.startTls()) {
            vault.kubernetesRole("kubernetes", "ams-gateway-payments", "projected-sa-token");
            vault.kvPut(
                    "secret",
                    "ams/SANDBOX_5X00000000000000",
                    Map.of(
                            "merchant_private_key", TestKeys.privateBase64(merchant),
                            "alipay_public_key_v1", TestKeys.publicPem(alipay)));
            Files.createDirectories(dir.resolve("sa"));
            Files.writeString(dir.resolve("sa/token"), "projected-sa-token");
            Files.createDirectories(dir.resolve("ca"));
            Files.copy(vault.caPemPath(), dir.resolve("ca/ca.crt"));

            ContainerCommand.Result r = checkConfig(
                    ValuesProfile.VAULT_KV,
                    Map.of(
                            "vault.address", vault.uri().toString(),
                            "vault.tokenMountPath", dir + "/sa",
                            "vault.caMountPath", dir + "/ca"));

            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("OK: configuration and keys are valid");
            assertThat(vault.logins())
                    .as("one Kubernetes-auth login with the projected token")
                    .isEqualTo(1);
        }
    }

    ContainerCommand.Result checkConfig(ValuesProfile profile, Map<String, String> sets) throws Exception {
        Manifests m = HelmChart.render(profile, sets);
        Path conf = Files.writeString(dir.resolve("gateway.conf"), m.gatewayConf());
        Container c = m.gateway();
        assertThat(c.getArgs()).startsWith("run", "--config");
        return ContainerCommand.run(c.getCommand(), List.of("check-config", "--config", conf.toString()), dir);
    }

    void writeKeys(String profile) throws Exception {
        Path d = Files.createDirectories(dir.resolve("keys").resolve(profile));
        Files.writeString(d.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(TestKeys.rsa()));
        Files.writeString(d.resolve("alipay-public-key-v1.pem"), TestKeys.publicPem(TestKeys.rsa()));
    }
}
