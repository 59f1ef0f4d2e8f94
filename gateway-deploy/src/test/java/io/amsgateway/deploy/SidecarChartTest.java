package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Sidecar mode: the named templates inside an application's pod (the example application). */
class SidecarChartTest {
    final Manifests m = HelmChart.render(ValuesProfile.SIDECAR);

    @Test
    void rendersOnlyTheConfigAndTheExampleApplication() {
        assertThat(m.kinds())
                .as("no Service, HPA, PDB or NetworkPolicy of its own: the application's pod owns those")
                .containsExactly("ConfigMap", "Deployment", "ServiceAccount");
        assertThat(m.one(Deployment.class).getMetadata().getName()).isEqualTo("payments-ams-gateway-example-app");
        assertThat(HelmChart.render(ValuesProfile.SIDECAR, Map.of("exampleApp.enabled", "false"))
                        .kinds())
                .as("without the example, only what an application chart's pods mount")
                .containsExactly("ConfigMap", "ServiceAccount");
    }

    @Test
    void theGatewayListensOnLoopbackBesideTheApplication() {
        assertThat(m.podSpec().getContainers()).extracting(Container::getName).containsExactly("app", "ams-gateway");
        assertThat(ConfigFactory.parseString(m.gatewayConf()).getString("gateway.listener.host"))
                .as("only the pod's own containers reach the sidecar")
                .isEqualTo("127.0.0.1");
        assertThat(ConfigFactory.parseString(m.gatewayConf()).getString("gateway.keys.signer-circuit.readiness"))
                .as("a sidecar's readiness is the application pod's: an open signer circuit is only reported")
                .isEqualTo("report");
        assertThat(m.gateway().getPorts())
                .extracting(ContainerPort::getName)
                .as("only the admin port is exposed, for probes and scraping")
                .containsExactly("admin");
        Container app = m.podSpec().getContainers().get(0);
        assertThat(app.getEnv())
                .anyMatch(e ->
                        e.getName().equals("AMS_GATEWAY_URL") && e.getValue().equals("http://127.0.0.1:8080"));
        assertThat(m.gateway().getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(m.gateway().getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void everyMountOfTheSidecarHasItsVolumeInThePod() {
        Set<String> volumes =
                m.podSpec().getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
        assertThat(m.gateway().getVolumeMounts())
                .extracting(VolumeMount::getName)
                .as("the volumes template matches the containers template")
                .allMatch(volumes::contains)
                .contains("ams-gateway-config", "ams-gateway-tmp", "ams-gateway-keys-sea");
        assertThat(m.one(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations())
                .as("config checksum and scrape annotations on the application's pod")
                .containsKey("checksum/ams-gateway-config")
                .containsEntry("prometheus.io/port", "9901");
        assertThat(m.podSpec().getTerminationGracePeriodSeconds())
                .as("the application's pod waits for the sidecar's preStop and drain")
                .isGreaterThan(25L);
    }

    @Test
    void theUnixSocketIsSharedWithTheApplicationThroughAnEmptyDirAndNeedsNoPort() {
        Manifests u = HelmChart.render(
                ValuesProfile.SIDECAR, Map.of("unixSocket.enabled", "true", "unixSocket.tcp", "false"));
        com.typesafe.config.Config listener =
                ConfigFactory.parseString(u.gatewayConf()).getConfig("gateway.listener");
        assertThat(listener.getInt("port")).as("no TCP listener").isEqualTo(-1);
        assertThat(listener.getString("unix-socket")).isEqualTo("/var/run/ams-gateway/gateway.sock");
        assertThat(listener.hasPath("tls")).as("TLS is for the standalone mode").isFalse();
        Volume socket = u.podSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("ams-gateway-socket"))
                .findFirst()
                .orElseThrow();
        assertThat(socket.getEmptyDir()).isNotNull();
        Container app = u.podSpec().getContainers().get(0);
        assertThat(app.getVolumeMounts())
                .anyMatch(v -> v.getName().equals("ams-gateway-socket")
                        && v.getMountPath().equals("/var/run/ams-gateway"));
        assertThat(u.gateway().getVolumeMounts())
                .anyMatch(v -> v.getName().equals("ams-gateway-socket")
                        && v.getMountPath().equals("/var/run/ams-gateway")
                        && !Boolean.TRUE.equals(v.getReadOnly()));
        assertThat(app.getEnv())
                .anyMatch(e -> e.getName().equals("AMS_GATEWAY_SOCKET")
                        && e.getValue().equals("/var/run/ams-gateway/gateway.sock"));
        assertThat(u.gateway().getPorts()).extracting(ContainerPort::getName).containsExactly("admin");
    }

    @Test
    void callerRulesApplyInSidecarModeToo() {
        Manifests r = HelmChart.render(
                ValuesProfile.SIDECAR,
                Map.of(
                        "callers.rules[0].caller", "local",
                        "callers.rules[0].profiles[0]", "sea",
                        "callers.rules[0].apis[0]", "payments/inquiry*"));
        com.typesafe.config.Config callers =
                ConfigFactory.parseString(r.gatewayConf()).getConfig("gateway.callers");
        assertThat(callers.getConfigList("rules").get(0).getString("caller")).isEqualTo("local");
        assertThat(callers.getConfigList("rules").get(0).getStringList("apis")).containsExactly("payments/inquiry*");
    }
}
