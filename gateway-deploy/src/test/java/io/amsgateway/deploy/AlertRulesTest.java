package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.amsgateway.core.testing.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PrometheusRule's groups, exactly as rendered, pass {@code promtool check rules}, and
 * {@code promtool test rules} shows the key alerts fire on the series they are written for.
 */
class AlertRulesTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void renderedRulesPassPromtool(@TempDir Path dir) throws Exception {
        Path rules = writeRules(dir);

        String out = Promtool.assertSucceeds("check", "rules", rules.toString());

        assertThat(out).as("promtool read every rule").contains("SUCCESS: 14 rules found");
    }

    @Test
    void alertsFireOnTheirSeries(@TempDir Path dir) throws Exception {
        writeRules(dir);
        Path tests = Files.writeString(
                dir.resolve("tests.yaml"),
                """
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'gateway_ready{namespace="shop", pod="a"}'
                        values: '1 1 0 0 0 0 0'
                      - series: 'gateway_keys_stale{namespace="shop", pod="a", profile="sea", source="vault-kv"}'
                        values: '0 1 1 1 1 1 1 1 1 1 1 1 1 1 1'
                      - series: 'gateway_signer_circuit_open{namespace="shop", pod="a", profile="sea", source="vault-transit"}'
                        values: '0 1 1 1 0 1 1 1 1'
                    alert_rule_test:
                      - eval_time: 6m
                        alertname: AmsGatewayNoReadyReplicas
                        exp_alerts:
                          - exp_labels: {severity: critical, namespace: shop}
                            exp_annotations: &noReady
                              summary: "No gateway replica is ready; read the pods' start-up error line and events"
                              description: "No ams-gateway replica is ready (or none is scraped) in shop: calls to Alipay fail."
                              runbook_url: docs/runbooks.md#amsgatewaynoreadyreplicas
                      - eval_time: 1m
                        alertname: AmsGatewayNoReadyReplicas
                        exp_alerts: []
                      - eval_time: 12m
                        alertname: AmsGatewayKeysServedStale
                        exp_alerts:
                          - exp_labels: {severity: warning, namespace: shop, pod: a, profile: sea, source: vault-kv}
                            exp_annotations:
                              summary: Keys are served from the cache after failed reloads; fix the key source before they expire
                              description: "Pod a signs for profile sea with keys its vault-kv source could not reload; they expire after gateway.keys.expire-after."
                              runbook_url: docs/runbooks.md#amsgatewaykeysservedstale
                      - eval_time: 10m
                        alertname: AmsGatewayKeysServedStale
                        exp_alerts: []
                      - eval_time: 3m
                        alertname: AmsGatewaySignerCircuitOpen
                        exp_alerts:
                          - exp_labels: {severity: critical, namespace: shop, pod: a, profile: sea, source: vault-transit}
                            exp_annotations:
                              summary: A remote signer fails and its circuit is open; check Vault or the HSM, calls fail fast until it recovers
                              description: "Pod a cannot sign for profile sea: its vault-transit signer failed repeatedly, so calls fail fast with GATEWAY_KEY_UNAVAILABLE (status F) while one probe at a time retries. Check Vault (sealed, rate-limited, unreachable, token refused) or the HSM."
                              runbook_url: docs/runbooks.md#amsgatewaysignercircuitopen
                      - eval_time: 6m
                        alertname: AmsGatewaySignerCircuitOpen
                        exp_alerts: []
                      - eval_time: 8m
                        alertname: AmsGatewaySignerCircuitOpen
                        exp_alerts:
                          - exp_labels: {severity: critical, namespace: shop, pod: a, profile: sea, source: vault-transit}
                            exp_annotations:
                              summary: A remote signer fails and its circuit is open; check Vault or the HSM, calls fail fast until it recovers
                              description: "Pod a cannot sign for profile sea: its vault-transit signer failed repeatedly, so calls fail fast with GATEWAY_KEY_UNAVAILABLE (status F) while one probe at a time retries. Check Vault (sealed, rate-limited, unreachable, token refused) or the HSM."
                              runbook_url: docs/runbooks.md#amsgatewaysignercircuitopen
                  - interval: 1m
                    input_series:
                      - series: 'gateway_key_problems_total{namespace="shop", pod="a", profile="sea", source="file", problem="unusable_key"}'
                        values: '0 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1'
                      - series: 'gateway_key_problems_total{namespace="shop", pod="a", profile="sea", source="file", problem="key_gone"}'
                        values: '0 0 0 0 0 0 0 0 0 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1'
                      - series: 'gateway_ready{namespace="shop", pod="a"}'
                        values: '1x30'
                    alert_rule_test:
                      - eval_time: 1m
                        alertname: AmsGatewayKeyVersionUnusable
                        exp_alerts: []
                      - eval_time: 3m
                        alertname: AmsGatewayKeyVersionUnusable
                        exp_alerts:
                          - exp_labels: {severity: warning, namespace: shop, pod: a, profile: sea, source: file}
                            exp_annotations:
                              summary: A key version does not load; its ERROR line names the file and why, fix or remove it
                              description: "Pod a: a key of profile sea from file does not load (unreadable file, dangling link, not a key of the right kind or size); its ERROR line names the key and why. The last good key keeps signing."
                              runbook_url: docs/runbooks.md#amsgatewaykeyversionunusable
                      - eval_time: 20m
                        alertname: AmsGatewayKeyVersionUnusable
                        exp_alerts: []
                      - eval_time: 9m
                        alertname: AmsGatewaySigningKeyGone
                        exp_alerts: []
                      - eval_time: 11m
                        alertname: AmsGatewaySigningKeyGone
                        exp_alerts:
                          - exp_labels: {severity: critical, namespace: shop, pod: a, profile: sea, source: file}
                            exp_annotations:
                              summary: The key a profile signs with was removed; restore it or move key-version
                              description: "Pod a: the signing key (or Alipay's keys) of profile sea was removed from file and nothing replaces it: its calls fail with GATEWAY_KEY_UNAVAILABLE until the key is restored or key-version moves."
                              runbook_url: docs/runbooks.md#amsgatewaysigningkeygone
                  - interval: 1m
                    input_series: []
                    alert_rule_test:
                      - eval_time: 3m
                        alertname: AmsGatewayNoReadyReplicas
                        exp_alerts:
                          - exp_labels: {severity: critical, namespace: shop}
                            exp_annotations: *noReady
                """);

        Promtool.assertSucceeds("test", "rules", tests.toString());
    }

    static Path writeRules(Path dir) throws Exception {
        Object groups = AlertExpressions.rule().getSpec().getGroups();
        return Files.writeString(dir.resolve("rules.yaml"), YAML.writeValueAsString(Map.of("groups", groups)));
    }
}
