package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.amsgateway.core.testing.TestKeys;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared state on Redis as the chart renders it: gateway.shared-state in the ConfigMap (accepted by
 * the gateway's own check-config), the password and CA Secrets mounted read-only, egress to Redis,
 * the expected replica count; and nothing of it in the default (memory) mode.
 */
class SharedStateChartTest {
    @TempDir
    Path dir;

    @Test
    void redisModeConfiguresMountsAndEgress() {
        Manifests m = HelmChart.render(ValuesProfile.SHARED_STATE);
        Config shared = ConfigFactory.parseString(m.gatewayConf()).getConfig("gateway.shared-state");
        assertThat(shared.getString("type")).isEqualTo("redis");
        assertThat(shared.getInt("expected-replicas"))
                .as("replicaCount, autoscaling off")
                .isEqualTo(3);
        assertThat(shared.getString("redis.uri")).isEqualTo("rediss://redis.shared-state.svc:6380");
        assertThat(shared.getString("redis.username")).isEqualTo("ams-gateway");
        assertThat(shared.getString("redis.password-file")).isEqualTo("/etc/ams-gateway/redis/password/password");
        assertThat(shared.getString("redis.ca-file")).isEqualTo("/etc/ams-gateway/redis/ca/ca.crt");

        Container c = m.gateway();
        assertThat(c.getVolumeMounts())
                .filteredOn(v -> v.getName().startsWith("ams-gateway-redis"))
                .extracting(VolumeMount::getMountPath, VolumeMount::getReadOnly)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("/etc/ams-gateway/redis/password", true),
                        org.assertj.core.groups.Tuple.tuple("/etc/ams-gateway/redis/ca", true));
        List<Volume> volumes = m.podSpec().getVolumes();
        assertThat(volumes)
                .filteredOn(v -> v.getName().startsWith("ams-gateway-redis"))
                .extracting(v -> v.getSecret().getSecretName())
                .containsExactlyInAnyOrder("ams-redis", "ams-redis-ca");

        List<NetworkPolicyEgressRule> egress =
                m.one(NetworkPolicy.class).getSpec().getEgress();
        assertThat(egress).as("egress to Redis's port, towards its namespace").anySatisfy(r -> {
            assertThat(r.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(6380);
            assertThat(r.getTo().get(0).getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "shared-state");
        });
    }

    @Test
    void autoscalingSharesTheLimitByTheMostReplicasItMayRun() {
        Manifests m = HelmChart.render(
                ValuesProfile.SHARED_STATE, Map.of("autoscaling.enabled", "true", "autoscaling.maxReplicas", "7"));
        assertThat(ConfigFactory.parseString(m.gatewayConf()).getInt("gateway.shared-state.expected-replicas"))
                .isEqualTo(7);
    }

    @Test
    void memoryModeRendersNothingOfRedis() {
        Manifests m = HelmChart.render(ValuesProfile.STANDALONE);
        assertThat(ConfigFactory.parseString(m.gatewayConf()).hasPath("gateway.shared-state"))
                .as("the default: per replica, from reference.conf")
                .isFalse();
        assertThat(m.podSpec().getVolumes()).noneMatch(v -> v.getName().startsWith("ams-gateway-redis"));
        assertThat(m.one(NetworkPolicy.class).getSpec().getEgress()).noneMatch(r -> r.getPorts().stream()
                .anyMatch(p -> p.getPort().getIntVal() != null && p.getPort().getIntVal() == 6379));
    }

    @Test
    void theRenderedConfigPassesCheckConfig() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys/sea"));
        Files.writeString(keys.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(TestKeys.rsa()));
        Files.writeString(keys.resolve("alipay-public-key-v1.pem"), TestKeys.publicPem(TestKeys.rsa()));
        Path redis = dir.resolve("redis");
        Files.writeString(Files.createDirectories(redis.resolve("password")).resolve("password"), "pw");
        Files.writeString(Files.createDirectories(redis.resolve("ca")).resolve("ca.crt"), "not read by check-config");
        CheckConfigTest.writeTls(dir);
        Manifests m = HelmChart.render(
                ValuesProfile.SHARED_STATE,
                Map.of(
                        "keys.mountPath",
                        dir + "/keys",
                        "sharedState.redis.mountPath",
                        redis.toString(),
                        "tls.mountPath",
                        dir + "/tls"));
        Path conf = Files.writeString(dir.resolve("gateway.conf"), m.gatewayConf());
        Container c = m.gateway();
        ContainerCommand.Result r =
                ContainerCommand.run(c.getCommand(), List.of("check-config", "--config", conf.toString()), dir);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("OK: configuration and keys are valid");
    }
}
