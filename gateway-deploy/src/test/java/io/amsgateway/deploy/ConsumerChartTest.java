package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import com.typesafe.config.ConfigFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * helm/README.md's "Sidecar in your own chart", followed to the letter: an application chart
 * (src/test/resources/consumer-chart/my-app, whose files the README shows verbatim) depends on the
 * chart through {@code file://../ams-gateway}, {@code helm dependency update} fetches it, and
 * {@code helm template} renders a pod that would run.
 */
class ConsumerChartTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path work;

    static Path consumerSource() {
        return Repo.dir().resolve("gateway-deploy/src/test/resources/consumer-chart/my-app");
    }

    private static List<Path> consumerFiles() throws IOException {
        try (Stream<Path> files = Files.walk(consumerSource())) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Copies both charts side by side, as the README's file://../ams-gateway expects. */
    private Path consumerChart() throws IOException {
        HelmChart.copyTree(Repo.chart(), work.resolve("ams-gateway"));
        Path app = work.resolve("my-app");
        HelmChart.copyTree(consumerSource(), app);
        // The README pins the chart's version; follow Chart.yaml if it moved on since.
        String version = YAML.readTree(Repo.chart().resolve("Chart.yaml").toFile())
                .path("version")
                .asText();
        Path chartYaml = app.resolve("Chart.yaml");
        Files.writeString(
                chartYaml,
                Files.readString(chartYaml).replaceFirst("(?m)^    version: .*$", "    version: " + version));
        String updated = new Helm(app).dependency().update().call();
        assertThat(app.resolve("charts"))
                .as("helm dependency update: %s", updated)
                .isNotEmptyDirectory();
        return app;
    }

    private Manifests render(Map<String, String> sets) throws IOException {
        TemplateCommand t =
                new Helm(consumerChart()).template().withName(HelmChart.RELEASE).withNamespace(HelmChart.NAMESPACE);
        sets.forEach(t::set);
        return StrictManifests.parse(t.call());
    }

    @Test
    void theReadmeShowsTheConsumerChartVerbatim() throws IOException {
        String readme = Files.readString(Repo.chart().resolve("README.md"));
        for (Path f : consumerFiles()) {
            String indented = Files.readString(f)
                    .lines()
                    .map(l -> l.isEmpty() ? l : "   " + l)
                    .collect(Collectors.joining("\n", "", "\n"));
            assertThat(readme)
                    .as(
                            "helm/README.md shows %s as the tests render it",
                            consumerSource().relativize(f))
                    .contains(indented);
        }
    }

    @Test
    void thePodWouldRun() throws IOException {
        Manifests m = render(Map.of());
        Deployment app = m.one(Deployment.class);
        PodSpec pod = app.getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("my-app", "ams-gateway");
        Container gw = pod.getContainers().get(1);

        String appVersion = YAML.readTree(Repo.chart().resolve("Chart.yaml").toFile())
                .path("appVersion")
                .asText();
        assertThat(gw.getImage())
                .as("the image has the gateway's version as its tag, not the application chart's")
                .isEqualTo("ams-gateway:" + appVersion);

        ServiceAccount sa = m.one(ServiceAccount.class);
        assertThat(pod.getServiceAccountName())
                .as("the pod runs as the service account the gateway chart created")
                .isEqualTo(sa.getMetadata().getName())
                .isEqualTo("payments-ams-gateway");

        assertThat(pod.getSecurityContext().getFsGroup())
                .as("the key Secret's files (0440) belong to the group the gateway runs as")
                .isEqualTo(gw.getSecurityContext().getRunAsGroup())
                .isEqualTo(10001L);
        Volume keys = pod.getVolumes().stream()
                .filter(v -> v.getSecret() != null)
                .findFirst()
                .orElseThrow();
        assertThat(keys.getSecret().getSecretName()).isEqualTo("ams-keys-sea");
        assertThat(keys.getSecret().getDefaultMode()).isEqualTo(0440);

        Set<String> volumes = pod.getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
        assertThat(gw.getVolumeMounts())
                .extracting(VolumeMount::getName)
                .as("every mount has its volume")
                .allMatch(volumes::contains)
                .contains("ams-gateway-config", "ams-gateway-tmp", "ams-gateway-keys-sea");
        ConfigMap cm = m.one(ConfigMap.class);
        assertThat(pod.getVolumes().stream()
                        .filter(v -> v.getConfigMap() != null)
                        .map(v -> v.getConfigMap().getName()))
                .as("the config volume is the ConfigMap the gateway chart rendered")
                .containsExactly(cm.getMetadata().getName());

        int port = ConfigFactory.parseString(m.gatewayConf()).getInt("gateway.listener.port");
        assertThat(ConfigFactory.parseString(m.gatewayConf()).getString("gateway.listener.host"))
                .isEqualTo("127.0.0.1");
        assertThat(pod.getContainers().get(0).getEnv())
                .anyMatch(e ->
                        e.getName().equals("AMS_GATEWAY_URL") && e.getValue().equals("http://127.0.0.1:" + port));
        assertThat(app.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("checksum/ams-gateway-config");
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(pod.getInitContainers()).as("no native sidecar unless asked").isEmpty();
    }

    @Test
    void aNativeSidecarIsAnInitContainerThatKeepsRunning() throws IOException {
        Manifests m = render(Map.of("ams-gateway.sidecar.native", "true"));
        PodSpec pod = m.one(Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("my-app");
        assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("ams-gateway");
        Container gw = pod.getInitContainers().get(0);
        assertThat(gw.getRestartPolicy()).isEqualTo("Always");
        assertThat(gw.getStartupProbe().getHttpGet().getPath())
                .as("the kubelet starts the application once this probe passes")
                .isEqualTo("/healthz");
        assertThat(gw.getImage()).matches("ams-gateway:[0-9][^:]*");
        Set<String> volumes = pod.getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
        assertThat(gw.getVolumeMounts()).extracting(VolumeMount::getName).allMatch(volumes::contains);
    }

    @Test
    void extraEnvReachesTheGatewayContainer() throws IOException {
        Manifests m = render(
                Map.of("ams-gateway.extraEnv[0].name", "AMS_LOG_LEVEL", "ams-gateway.extraEnv[0].value", "DEBUG"));
        Container gw = m.one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(1);
        assertThat(gw.getEnv())
                .extracting(e -> e.getName() + "=" + e.getValue())
                .containsExactly("AMS_LOG_FORMAT=json", "AMS_LOG_LEVEL=DEBUG");
    }
}
