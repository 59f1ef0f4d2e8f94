package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsgateway.core.testing.Promtool;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every alert the chart ships is tested by {@code promtool test rules}, firing and not firing
 * (src/test/resources/alerts/rules-test.yaml), links its runbook in docs/runbooks.md, and says
 * what to do.
 */
class AlertCoverageTest {
    private static final Path TESTS = Repo.dir().resolve("gateway-deploy/src/test/resources/alerts/rules-test.yaml");

    private static List<Rule> alerts() {
        return AlertExpressions.rule().getSpec().getGroups().stream()
                .flatMap(g -> g.getRules().stream())
                .filter(r -> r.getAlert() != null)
                .toList();
    }

    @Test
    void promtoolTestRulesPasses(@TempDir Path dir) throws Exception {
        AlertRulesTest.writeRules(dir);
        Path tests = Files.copy(TESTS, dir.resolve("rules-test.yaml"));
        Promtool.assertSucceeds("test", "rules", tests.toString());
    }

    @Test
    void everyAlertIsTestedFiringAndNotFiring() throws IOException {
        JsonNode file = AlertRulesTest.YAML.readTree(TESTS.toFile());
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode group : file.path("tests")) {
            for (JsonNode t : group.path("alert_rule_test")) {
                String name = t.path("alertname").asText();
                (t.path("exp_alerts").isEmpty() ? quiet : firing).add(name);
            }
        }
        Set<String> names = alerts().stream().map(Rule::getAlert).collect(Collectors.toCollection(TreeSet::new));
        assertThat(names).as("the chart's alerts").hasSize(15);
        assertThat(firing).as("alerts with a case where they fire").isEqualTo(names);
        assertThat(quiet).as("alerts with a case where they stay quiet").isEqualTo(names);
    }

    @Test
    void everyAlertLinksItsRunbookAndSaysWhatToDo() throws IOException {
        String runbooks = Files.readString(Repo.dir().resolve("docs/runbooks.md"));
        Set<String> headings = runbooks.lines()
                .filter(l -> l.startsWith("## "))
                .map(l -> l.substring(3).strip())
                .collect(Collectors.toSet());
        for (Rule r : alerts()) {
            Map<String, String> a = r.getAnnotations();
            assertThat(a.get("runbook_url"))
                    .as("%s links its section of docs/runbooks.md", r.getAlert())
                    .isEqualTo("docs/runbooks.md#" + r.getAlert().toLowerCase(Locale.ROOT));
            assertThat(headings)
                    .as("docs/runbooks.md has a section for %s", r.getAlert())
                    .contains(r.getAlert());
            assertThat(a.get("summary")).as("%s has a summary", r.getAlert()).isNotBlank();
            assertThat(a.get("description"))
                    .as("%s has a description", r.getAlert())
                    .isNotBlank();
        }
        assertThat(headings).as("no runbook without its alert").hasSize(alerts().size());
    }

    @Test
    void theRunbookLinkFollowsTheConfiguredPage() {
        Map<String, String> annotations = HelmChart.render(
                        ValuesProfile.PROMETHEUS_OPERATOR,
                        Map.of("prometheusRule.runbookUrl", "https://git.example.com/ams-gateway/docs/runbooks.md"))
                .one(io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class)
                .getSpec()
                .getGroups()
                .get(0)
                .getRules()
                .get(0)
                .getAnnotations();
        assertThat(annotations.get("runbook_url"))
                .isEqualTo(
                        "https://git.example.com/ams-gateway/docs/runbooks.md#amsgatewayresponseverificationfailures");
    }
}
