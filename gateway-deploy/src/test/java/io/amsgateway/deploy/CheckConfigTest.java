package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.testing.TestKeys;
import io.amsgateway.core.testing.vault.FakeVault;
import io.amsgateway.server.cli.DemoPki;
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
        writeTls();

        ContainerCommand.Result r = checkConfig(
                ValuesProfile.STANDALONE, Map.of("keys.mountPath", dir + "/keys", "tls.mountPath", dir + "/tls"));

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("OK: configuration and keys are valid (2 profile(s)")
                .contains("tls=on (client-auth require")
                .contains("callers=2 rules (enforce)");
    }

    @Test
    void standaloneTlsFilesThatDoNotMatchAreRefused() throws Exception {
        writeKeys("sea");
        writeKeys("eu");
        writeTls();
        DemoPki other = DemoPki.generate();
        Files.writeString(
                dir.resolve("tls/tls.key"),
                io.amsgateway.core.crypto.PemKeys.pem(
                        "PRIVATE KEY", other.server.key().getEncoded()));

        ContainerCommand.Result r = checkConfig(
                ValuesProfile.STANDALONE, Map.of("keys.mountPath", dir + "/keys", "tls.mountPath", dir + "/tls"));

        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("gateway.listener.tls").contains("tls.key");
    }

    @Test
    void standaloneWithoutCallerRulesIsRefusedByTheGatewayToo() throws Exception {
        writeKeys("sea");
        writeKeys("eu");
        writeTls();
        Path conf = Files.writeString(
                dir.resolve("open.conf"),
                HelmChart.render(
                                        ValuesProfile.STANDALONE,
                                        Map.of("keys.mountPath", dir + "/keys", "tls.mountPath", dir + "/tls"))
                                .gatewayConf()
                        + "\ngateway.callers.rules = []\n");
        Container c = HelmChart.render(ValuesProfile.STANDALONE).gateway();
        ContainerCommand.Result r =
                ContainerCommand.run(c.getCommand(), List.of("check-config", "--config", conf.toString()), dir);

        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("gateway.listener.host = 0.0.0.0").contains("gateway.callers.rules");
    }

    @Test
    void sidecarConfigIsAccepted() throws Exception {
        writeKeys("sea");

        ContainerCommand.Result r = checkConfig(ValuesProfile.SIDECAR, Map.of("keys.mountPath", dir + "/keys"));

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("OK: configuration and keys are valid (1 profile(s)");
    }

    @Test
    void sidecarOnTheUnixSocketAloneIsAccepted() throws Exception {
        writeKeys("sea");

        ContainerCommand.Result r = checkConfig(
                ValuesProfile.SIDECAR,
                Map.of(
                        "keys.mountPath",
                        dir + "/keys",
                        "unixSocket.enabled",
                        "true",
                        "unixSocket.tcp",
                        "false",
                        "unixSocket.directory",
                        dir + "/socket"));

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("unix-socket=" + dir + "/socket/gateway.sock")
                .contains("listener=127.0.0.1:-1");
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
            writeTls();

            ContainerCommand.Result r = checkConfig(
                    ValuesProfile.VAULT_KV,
                    Map.of(
                            "vault.address", vault.uri().toString(),
                            "vault.tokenMountPath", dir + "/sa",
                            "vault.caMountPath", dir + "/ca",
                            "tls.mountPath", dir + "/tls"));

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

    void writeTls() throws Exception {
        writeTls(dir);
    }

    /** What the TLS Secret holds, in {@code dir}/tls: tls.crt, tls.key and ca.crt (the demo's test PKI). */
    static void writeTls(Path dir) throws Exception {
        DemoPki pki = DemoPki.generate();
        Path d = Files.createDirectories(dir.resolve("tls"));
        Path tmp = Files.createDirectories(dir.resolve("pki"));
        pki.write(tmp);
        Files.copy(tmp.resolve("server.pem"), d.resolve("tls.crt"));
        Files.copy(tmp.resolve("server-key.pem"), d.resolve("tls.key"));
        Files.copy(tmp.resolve("ca.pem"), d.resolve("ca.crt"));
    }

    void writeKeys(String profile) throws Exception {
        Path d = Files.createDirectories(dir.resolve("keys").resolve(profile));
        Files.writeString(d.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(TestKeys.rsa()));
        Files.writeString(d.resolve("alipay-public-key-v1.pem"), TestKeys.publicPem(TestKeys.rsa()));
    }
}
