package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Prometheus Operator resources and the dashboard, on when asked for and off otherwise. */
class MonitoringChartTest {
    @Test
    void serviceMonitorScrapesTheAdminPortOfTheService() {
        Manifests m = HelmChart.render(ValuesProfile.PROMETHEUS_OPERATOR);
        ServiceMonitor sm = m.one(ServiceMonitor.class);
        assertThat(sm.getSpec().getSelector().getMatchLabels())
                .as("selects the gateway's Service")
                .isEqualTo(m.one(Service.class).getMetadata().getLabels().entrySet().stream()
                        .filter(e -> sm.getSpec().getSelector().getMatchLabels().containsKey(e.getKey()))
                        .collect(java.util.stream.Collectors.toMap(e -> e.getKey(), e -> e.getValue())))
                .containsKey("app.kubernetes.io/instance");
        assertThat(sm.getSpec().getEndpoints().get(0).getPort()).isEqualTo("admin");
        assertThat(sm.getSpec().getEndpoints().get(0).getPath()).isEqualTo("/metrics");
        assertThat(sm.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(m.one(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations())
                .as("no scrape annotations besides a ServiceMonitor: one scrape, not two")
                .doesNotContainKey("prometheus.io/scrape");
        assertThat(HelmChart.render(ValuesProfile.STANDALONE).of(ServiceMonitor.class))
                .as("off by default")
                .isEmpty();
    }

    @Test
    void podMonitorSelectsThePodsCarryingTheSidecar() {
        Manifests m = HelmChart.render(ValuesProfile.SIDECAR_PODMONITOR);
        PodMonitor pm = m.one(PodMonitor.class);
        assertThat(m.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(pm.getSpec().getSelector().getMatchLabels());
        assertThat(pm.getSpec().getPodMetricsEndpoints().get(0).getPort()).isEqualTo("admin");
    }

    @Test
    void prometheusRuleHasTheAlertsTheIssueAsksFor() {
        PrometheusRule rule =
                HelmChart.render(ValuesProfile.PROMETHEUS_OPERATOR).one(PrometheusRule.class);
        assertThat(rule.getSpec().getGroups().get(0).getRules())
                .extracting(Rule::getAlert)
                .containsExactlyInAnyOrder(
                        "AmsGatewayResponseVerificationFailures",
                        "AmsGatewayUpstreamErrors",
                        "AmsGatewayUpstreamTimeouts",
                        "AmsGatewayKeysServedStale",
                        "AmsGatewayProfileKeysNotReady",
                        "AmsGatewayKeyVersionUnusable",
                        "AmsGatewaySigningKeyGone",
                        "AmsGatewayVaultAuthFailures",
                        "AmsGatewaySignerCircuitOpen",
                        "AmsGatewayNoReadyReplicas",
                        "AmsGatewayInternalErrors",
                        "AmsGatewaySigningFailures",
                        "AmsGatewayUpstreamSlow",
                        "AmsGatewayNotificationsNotDelivered",
                        "AmsGatewaySharedStateUnavailable");
        assertThat(rule.getSpec().getGroups().get(0).getRules())
                .as("every alert is scoped to the release's namespace")
                .allMatch(r -> r.getExpr().getStrVal().contains("namespace=\"shop\""));
        assertThat(HelmChart.render(ValuesProfile.STANDALONE).of(PrometheusRule.class))
                .isEmpty();
    }

    @Test
    void dashboardConfigMapCarriesTheDashboardFile() throws Exception {
        ConfigMap cm = HelmChart.render(ValuesProfile.PROMETHEUS_OPERATOR).of(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().endsWith("-dashboard"))
                .findFirst()
                .orElseThrow();
        assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(cm.getData().get("ams-gateway.json")))
                .as("the dashboard JSON, unchanged by templating")
                .isEqualTo(json.readTree(Files.readString(Repo.chart().resolve("files/dashboard.json"))));
    }
}
