package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The standalone egress gateway as the chart renders it: workload, probes, hardening, scaling. */
@SuppressWarnings("unchecked")
class StandaloneChartTest {
    final Manifests m = HelmChart.render(ValuesProfile.STANDALONE);

    @Test
    void rendersTheStandaloneResourcesAndNoOperatorResources() {
        assertThat(m.kinds())
                .as("standalone with the Prometheus Operator off")
                .containsExactly(
                        "ConfigMap",
                        "Deployment",
                        "HorizontalPodAutoscaler",
                        "NetworkPolicy",
                        "PodDisruptionBudget",
                        "Service",
                        "ServiceAccount");
    }

    @Test
    void portsAndServiceListenWhereTheConfigSays() {
        Config conf = ConfigFactory.parseString(m.gatewayConf()).getConfig("gateway");
        assertThat(conf.getString("listener.host"))
                .as("a shared gateway listens on all interfaces")
                .isEqualTo("0.0.0.0");
        assertThat(conf.getInt("listener.port")).isEqualTo(8080);
        assertThat(conf.getString("keys.signer-circuit.readiness"))
                .as("an open signer circuit takes a standalone replica out of its Service")
                .isEqualTo("fail");
        assertThat(conf.getInt("admin.port")).isEqualTo(9901);

        Map<String, Integer> ports = m.gateway().getPorts().stream()
                .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        assertThat(ports).as("container ports").containsExactlyInAnyOrderEntriesOf(Map.of("http", 8080, "admin", 9901));

        Service svc = m.one(Service.class);
        assertThat(svc.getSpec().getPorts())
                .extracting(ServicePort::getName, p -> p.getTargetPort().getStrVal())
                .as("the Service sends traffic and scrapes to the named container ports")
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("http", "http"),
                        org.assertj.core.groups.Tuple.tuple("admin", "admin"));
        assertThat(svc.getSpec().getSelector())
                .as("the Service selects the Deployment's pods")
                .isEqualTo(m.one(Deployment.class)
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels());
    }

    @Test
    void probesUseTheAdminEndpoints() {
        Container c = m.gateway();
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
        assertThat(c.getReadinessProbe().getHttpGet().getPath())
                .as("readiness: keys loaded, not draining")
                .isEqualTo("/readyz");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
        assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    }

    @Test
    void containerIsHardened() {
        SecurityContext sc = m.gateway().getSecurityContext();
        assertThat(sc.getRunAsNonRoot()).as("non-root").isTrue();
        assertThat(sc.getRunAsUser()).as("a numeric non-root uid").isPositive();
        assertThat(sc.getReadOnlyRootFilesystem())
                .as("read-only root filesystem")
                .isTrue();
        assertThat(sc.getAllowPrivilegeEscalation())
                .as("no privilege escalation")
                .isFalse();
        assertThat(sc.getPrivileged()).isFalse();
        assertThat(sc.getCapabilities().getDrop())
                .as("all capabilities dropped")
                .containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).as("none added").isNullOrEmpty();
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(m.gateway().getVolumeMounts())
                .as("a writable /tmp for the JVM and the native libraries it unpacks (root is read-only)")
                .anyMatch(v -> v.getMountPath().equals("/tmp") && !Boolean.TRUE.equals(v.getReadOnly()));
    }

    @Test
    void resourcesAndContainerAwareHeap() {
        Container c = m.gateway();
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
        assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("384Mi");
        assertThat(c.getResources().getRequests().get("cpu").toString())
                .as("HPA needs a CPU request")
                .isEqualTo("250m");
        assertThat(c.getCommand())
                .as("heap sized from the container's memory limit")
                .contains("-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError")
                .endsWith("-jar", "/app/ams-gateway.jar");
        assertThat(c.getArgs()).containsExactly("run", "--config", "/etc/ams-gateway/gateway.conf");
    }

    /** What the JVM was measured to need besides the heap, under load (helm/README.md, Memory). */
    static final double NON_HEAP_MIB = 129;

    @Test
    void theMemoryLimitHoldsTheHeapPlusWhatTheJvmNeedsBesidesItWithMargin() {
        Container c = m.gateway();
        double limitMib =
                c.getResources().getLimits().get("memory").getNumericalAmount().doubleValue() / (1024 * 1024);
        double percent = c.getCommand().stream()
                .filter(a -> a.startsWith("-XX:MaxRAMPercentage="))
                .mapToDouble(a -> Double.parseDouble(a.substring(a.indexOf('=') + 1)))
                .findFirst()
                .orElseThrow();
        double heapMib = limitMib * percent / 100;
        assertThat(heapMib + NON_HEAP_MIB * 1.5)
                .as(
                        "heap %.0f MiB + 1.5 x %.0f MiB besides it within the %.0f MiB limit",
                        heapMib, NON_HEAP_MIB, limitMib)
                .isLessThanOrEqualTo(limitMib);
        assertThat(heapMib).as("still a useful heap").isGreaterThanOrEqualTo(192);
    }

    @Test
    void configAndKeyFilesAreMounted() {
        PodSpec pod = m.podSpec();
        Map<String, VolumeMount> mounts =
                m.gateway().getVolumeMounts().stream().collect(Collectors.toMap(VolumeMount::getMountPath, v -> v));
        assertThat(mounts.get("/etc/ams-gateway/gateway.conf").getSubPath()).isEqualTo("gateway.conf");
        assertThat(mounts.get("/etc/ams-gateway/keys/sea").getReadOnly()).isTrue();
        assertThat(mounts.get("/etc/ams-gateway/keys/eu").getReadOnly()).isTrue();
        Map<String, String> secretOf = pod.getVolumes().stream()
                .filter(v -> v.getSecret() != null)
                .collect(Collectors.toMap(v -> v.getName(), v -> v.getSecret().getSecretName()));
        assertThat(secretOf.get(mounts.get("/etc/ams-gateway/keys/sea").getName()))
                .as("each profile's key directory is its Secret")
                .isEqualTo("ams-keys-sea");
        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getConfigMap() != null)
                .extracting(v -> v.getConfigMap().getName())
                .containsExactly("payments-ams-gateway");
        Config conf = ConfigFactory.parseString(m.gatewayConf()).getConfig("gateway.profiles");
        assertThat(conf.getString("sea.key-source.dir")).isEqualTo("/etc/ams-gateway/keys/sea");
        assertThat(conf.getString("eu.key-source.type")).isEqualTo("file");
        assertThat(pod.getAutomountServiceAccountToken())
                .as("no Kubernetes API token where nothing needs it")
                .isFalse();
    }

    @Test
    void terminationWaitsForPreStopAndTheDrain() {
        Config conf = ConfigFactory.parseString(m.gatewayConf()).getConfig("gateway");
        long drain = conf.getDuration("shutdown.drain-timeout").toSeconds();
        List<String> preStop = m.gateway().getLifecycle().getPreStop().getExec().getCommand();
        assertThat(preStop.get(0)).isEqualTo("sleep");
        long sleep = Long.parseLong(preStop.get(1));
        assertThat(drain).as("the gateway's drain deadline (reference default)").isEqualTo(20);
        assertThat(m.podSpec().getTerminationGracePeriodSeconds())
                .as("SIGKILL only after the preStop sleep and the whole drain")
                .isGreaterThan(sleep + drain);
    }

    @Test
    void aConfigChangeRollsThePods() throws Exception {
        String checksum = podChecksum(m);
        assertThat(checksum)
                .as("the checksum is the config's")
                .isEqualTo(sha256(m.gatewayConf().stripTrailing()));

        Manifests changed = HelmChart.render(ValuesProfile.STANDALONE, Map.of("profiles.sea.keyVersion", "2"));
        assertThat(podChecksum(changed))
                .as("a config change changes the pod template")
                .isNotEqualTo(checksum);
        assertThat(podChecksum(HelmChart.render(ValuesProfile.STANDALONE)))
                .as("and only a change does")
                .isEqualTo(checksum);
    }

    @Test
    void scalingAndDisruptionBudgetTargetThisDeployment() {
        Deployment d = m.one(Deployment.class);
        HorizontalPodAutoscaler hpa = m.one(HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getName())
                .isEqualTo(d.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas())
                .as("at least two for the PDB to allow evictions")
                .isEqualTo(2);
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("cpu");
        assertThat(d.getSpec().getReplicas()).as("the HPA owns replicas").isNull();
        PodDisruptionBudget pdb = m.one(PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(d.getSpec().getSelector().getMatchLabels());
        assertThat(d.getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getIntVal())
                .isZero();
    }

    static String podChecksum(Manifests m) {
        return m.one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get("checksum/ams-gateway-config");
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void tlsWithClientCertificatesIsOnByDefaultFromTheSecret() {
        Config tls = ConfigFactory.parseString(m.gatewayConf()).getConfig("gateway.listener.tls");
        assertThat(tls.getBoolean("enabled")).isTrue();
        assertThat(tls.getString("client-auth")).isEqualTo("require");
        assertThat(tls.getString("cert-file")).isEqualTo("/etc/ams-gateway/tls/tls.crt");
        assertThat(tls.getString("key-file")).isEqualTo("/etc/ams-gateway/tls/tls.key");
        assertThat(tls.getString("client-ca-file")).isEqualTo("/etc/ams-gateway/tls/ca.crt");
        assertThat(m.gateway().getVolumeMounts())
                .as("the whole directory, so that a renewed Secret reaches the gateway (no subPath)")
                .anyMatch(v -> v.getName().equals("ams-gateway-tls")
                        && v.getMountPath().equals("/etc/ams-gateway/tls")
                        && Boolean.TRUE.equals(v.getReadOnly())
                        && v.getSubPath() == null);
        assertThat(m.podSpec().getVolumes())
                .anyMatch(v -> v.getName().equals("ams-gateway-tls")
                        && v.getSecret().getSecretName().equals("ams-gateway-tls"));
    }

    @Test
    void callerRulesComeFromTheValues() {
        Config callers = ConfigFactory.parseString(m.gatewayConf()).getConfig("gateway.callers");
        assertThat(callers.getString("mode")).isEqualTo("enforce");
        List<? extends Config> rules = callers.getConfigList("rules");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).getString("caller")).isEqualTo("spiffe://cluster.local/ns/shop/sa/checkout");
        assertThat(rules.get(1).getStringList("apis")).containsExactly("payments/inquiry*");
    }

    @Test
    void theNetworkPolicyAdmitsOnlyTheListedCallersToTheTrafficPort() {
        NetworkPolicy np = m.one(NetworkPolicy.class);
        NetworkPolicyIngressRule traffic = np.getSpec().getIngress().stream()
                .filter(r -> r.getPorts().get(0).getPort().getStrVal().equals("http"))
                .findFirst()
                .orElseThrow();
        assertThat(traffic.getFrom()).hasSize(2);
        assertThat(traffic.getFrom().get(0).getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "shop");
        assertThat(traffic.getFrom().get(0).getPodSelector().getMatchLabels()).containsEntry("app", "checkout");
        assertThat(traffic.getFrom())
                .as("no peer that admits every pod of the namespace")
                .noneMatch(p -> p.getNamespaceSelector() == null
                        && p.getPodSelector() != null
                        && p.getPodSelector().getMatchLabels() == null);
    }

    @Test
    void standaloneRefusesToRenderWithoutRulesATlsSecretOrTheCallersOfTheNetworkPolicy() {
        assertThatThrownBy(() -> HelmChart.render(ValuesProfile.STANDALONE, Map.of("callers.rules", "null")))
                .hasMessageContaining("callers.rules");
        assertThatThrownBy(() -> HelmChart.render(ValuesProfile.STANDALONE, Map.of("tls.secretName", "")))
                .hasMessageContaining("tls.secretName is required");
        assertThatThrownBy(() -> HelmChart.render(ValuesProfile.STANDALONE, Map.of("networkPolicy.callers", "null")))
                .hasMessageContaining("networkPolicy.callers");
        assertThat(HelmChart.render(
                                ValuesProfile.STANDALONE,
                                Map.of("networkPolicy.callers", "null", "networkPolicy.enabled", "false"))
                        .kinds())
                .doesNotContain("NetworkPolicy");
    }

    @Test
    void withCertManagerTheListenerMountsTheCertificatesSecret() {
        Manifests cm = HelmChart.render(
                ValuesProfile.STANDALONE,
                Map.of("certManager.enabled", "true", "certManager.issuerRef.name", "mesh-ca", "tls.secretName", ""));
        GenericKubernetesResource cert = cm.of(GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("Certificate"))
                .findFirst()
                .orElseThrow();
        Map<String, Object> spec =
                (Map<String, Object>) cert.getAdditionalProperties().get("spec");
        assertThat(spec.get("secretName")).isEqualTo("payments-ams-gateway-tls");
        assertThat((List<String>) spec.get("dnsNames"))
                .contains("payments-ams-gateway", "payments-ams-gateway." + HelmChart.NAMESPACE + ".svc");
        assertThat(cm.podSpec().getVolumes())
                .anyMatch(v -> v.getName().equals("ams-gateway-tls")
                        && v.getSecret().getSecretName().equals("payments-ams-gateway-tls"));
        assertThatThrownBy(() -> HelmChart.render(ValuesProfile.STANDALONE, Map.of("certManager.enabled", "true")))
                .hasMessageContaining("certManager.issuerRef.name");
    }

    @Test
    void tlsCanBeTurnedOffOnlyExplicitly() {
        Manifests plain = HelmChart.render(ValuesProfile.STANDALONE, Map.of("tls.enabled", "false"));
        assertThat(ConfigFactory.parseString(plain.gatewayConf()).hasPath("gateway.listener.tls"))
                .isFalse();
        assertThat(plain.podSpec().getVolumes()).noneMatch(v -> v.getName().equals("ams-gateway-tls"));
    }
}
