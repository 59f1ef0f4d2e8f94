package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What Kubernetes users expect of a chart: standard labels, topology spread, extra env, native sidecars. */
class ChartConventionsTest {
    private static JsonNode chartYaml() throws IOException {
        return new ObjectMapper(new YAMLFactory())
                .readTree(Repo.chart().resolve("Chart.yaml").toFile());
    }

    @ParameterizedTest
    @EnumSource(ValuesProfile.class)
    void everyResourceOfTheChartCarriesChartAndVersionLabels(ValuesProfile profile) throws IOException {
        JsonNode chart = chartYaml();
        for (HasMetadata r : HelmChart.render(profile).all()) {
            if (r.getMetadata().getName().endsWith("-example-app")) {
                continue; // the example application is the application's, labelled as such
            }
            assertThat(r.getMetadata().getLabels())
                    .as("%s %s", r.getKind(), r.getMetadata().getName())
                    .containsEntry(
                            "helm.sh/chart",
                            "ams-gateway-" + chart.path("version").asText())
                    .containsEntry(
                            "app.kubernetes.io/version",
                            chart.path("appVersion").asText())
                    .containsEntry("app.kubernetes.io/managed-by", "Helm");
        }
    }

    @Test
    void standaloneReplicasSpreadOverZonesThenNodesSoftly() {
        Manifests m = HelmChart.render(ValuesProfile.STANDALONE);
        PodSpec pod = m.podSpec();
        assertThat(pod.getTopologySpreadConstraints())
                .extracting(TopologySpreadConstraint::getTopologyKey)
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        Map<String, String> podLabels = m.one(io.fabric8.kubernetes.api.model.apps.Deployment.class)
                .getSpec()
                .getSelector()
                .getMatchLabels();
        for (TopologySpreadConstraint c : pod.getTopologySpreadConstraints()) {
            assertThat(c.getWhenUnsatisfiable())
                    .as("a single-zone or single-node cluster still schedules every replica")
                    .isEqualTo("ScheduleAnyway");
            assertThat(c.getMaxSkew()).isEqualTo(1);
            assertThat(c.getLabelSelector().getMatchLabels())
                    .as("counts this release's gateway pods")
                    .isEqualTo(podLabels);
            assertThat(c.getMatchLabelKeys()).as("per rollout").containsExactly("pod-template-hash");
        }
    }

    @Test
    void topologySpreadCanBeTurnedOffOrWrittenOut() {
        assertThat(HelmChart.render(ValuesProfile.STANDALONE, Map.of("topologySpread.enabled", "false"))
                        .podSpec()
                        .getTopologySpreadConstraints())
                .isEmpty();
        PodSpec custom = HelmChart.render(
                        ValuesProfile.STANDALONE,
                        Map.of(
                                "topologySpreadConstraints[0].maxSkew", "2",
                                "topologySpreadConstraints[0].topologyKey", "kubernetes.io/hostname",
                                "topologySpreadConstraints[0].whenUnsatisfiable", "DoNotSchedule",
                                "topologySpreadConstraints[0].labelSelector.matchLabels.team", "payments"))
                .podSpec();
        assertThat(custom.getTopologySpreadConstraints()).hasSize(1);
        TopologySpreadConstraint c = custom.getTopologySpreadConstraints().get(0);
        assertThat(c.getMaxSkew()).isEqualTo(2);
        assertThat(c.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
        assertThat(c.getLabelSelector().getMatchLabels()).containsExactlyEntriesOf(Map.of("team", "payments"));
    }

    @Test
    void extraEnvIsAddedToTheGatewayContainer() {
        Container gw = HelmChart.render(
                        ValuesProfile.STANDALONE,
                        Map.of(
                                "extraEnv[0].name", "JAVA_TOOL_OPTIONS",
                                "extraEnv[0].value", "-Xss512k",
                                "extraEnv[1].name", "AMS_LOG_LEVEL",
                                "extraEnv[1].valueFrom.configMapKeyRef.name", "log-settings",
                                "extraEnv[1].valueFrom.configMapKeyRef.key", "level"))
                .gateway();
        assertThat(gw.getEnv()).hasSize(3);
        assertThat(gw.getEnv().get(1).getValue()).isEqualTo("-Xss512k");
        assertThat(gw.getEnv().get(2).getValueFrom().getConfigMapKeyRef().getName())
                .isEqualTo("log-settings");
    }

    @Test
    void theExampleApplicationCanCarryANativeSidecar() {
        Manifests m = HelmChart.render(ValuesProfile.SIDECAR, Map.of("sidecar.native", "true"));
        PodSpec pod = m.podSpec();
        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("app");
        assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("ams-gateway");
        assertThat(pod.getInitContainers().get(0).getRestartPolicy()).isEqualTo("Always");
        assertThat(HelmChart.render(ValuesProfile.STANDALONE, Map.of("sidecar.native", "true"))
                        .podSpec()
                        .getInitContainers())
                .as("standalone: the gateway is the pod's own container whatever sidecar.native says")
                .isEmpty();
    }

    @Test
    void theExampleApplicationIsWhatTheReadmeSays() {
        PodSpec pod = HelmChart.render(ValuesProfile.SIDECAR).podSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("payments-ams-gateway");
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
        assertThat(pod.getContainers().get(1).getImage())
                .as("no .Chart passed, as from an application chart: the tag still is the gateway's version")
                .matches("ams-gateway:[0-9][^:]*");
    }
}
