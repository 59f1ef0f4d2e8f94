package io.amsgateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL the chart ships: its alert expressions and the dashboard's queries, and the metrics they read. */
final class AlertExpressions {
    /** Metric names: the gateway's own families and the JVM's; label names and functions never match. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:gateway|jvm|process)_[a-zA-Z0-9_]+)\\b");

    private AlertExpressions() {}

    static PrometheusRule rule() {
        return HelmChart.render(ValuesProfile.PROMETHEUS_OPERATOR).one(PrometheusRule.class);
    }

    static List<String> alertExpressions() {
        List<String> out = new ArrayList<>();
        rule().getSpec()
                .getGroups()
                .forEach(g -> g.getRules().stream().map(Rule::getExpr).forEach(e -> out.add(e.getStrVal())));
        return out;
    }

    /** Every {@code expr} and templating {@code query} in files/dashboard.json. */
    static List<String> dashboardExpressions() throws IOException {
        JsonNode d = new ObjectMapper().readTree(Files.readString(Repo.chart().resolve("files/dashboard.json")));
        List<String> out = new ArrayList<>();
        d.findValues("expr").forEach(e -> out.add(e.asText()));
        d.path("templating").path("list").forEach(v -> {
            if (v.path("query").has("query")) {
                out.add(v.path("query").path("query").asText());
            }
        });
        return out;
    }

    static Set<String> metricsIn(List<String> expressions) {
        Set<String> out = new TreeSet<>();
        for (String e : expressions) {
            Matcher m = METRIC.matcher(e);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
