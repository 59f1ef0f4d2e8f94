package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric an alert or a dashboard panel reads is in a real gateway's live {@code /metrics}:
 * a gateway with file and Vault keys, driven through a success, a forged answer, a timeout, a
 * 5xx, a reset, a failed then successful Vault login, token renewals and a Vault outage served
 * from the cache. A misspelt metric in the chart fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveMetricsCoverageTest {
    String scrape = "";

    @BeforeAll
    void driveARealGateway(@TempDir Path dir) throws Exception {
        try (LiveGateway g = LiveGateway.start(dir, "not-the-bound-token")) {
            assertThat(g.pay(LiveGateway.FILES_CLIENT, id())).as("file keys").isEqualTo(200);
            assertThat(g.pay(LiveGateway.FILES_CLIENT, "FAULT_BADSIG_" + id())).isEqualTo(502);
            assertThat(g.pay(LiveGateway.FILES_CLIENT, "FAULT_DELAY_3000_" + id()))
                    .isEqualTo(504);
            assertThat(g.pay(LiveGateway.FILES_CLIENT, "FAULT_5XX_" + id())).isEqualTo(502);
            assertThat(g.pay(LiveGateway.FILES_CLIENT, "FAULT_RESET_" + id())).isEqualTo(502);

            Files.writeString(g.jwtFile, LiveGateway.JWT);
            await("Vault keys load after the token is fixed", () -> status(g) == 200);
            await("a token renewal", () -> metrics(g).contains("gateway_vault_token_renewals_total{"));
            g.vault.down();
            Thread.sleep(400);
            await(
                    "keys served stale while Vault is down",
                    () -> status(g) == 200 && metrics(g).contains("gateway_keys_served_stale_total{"));
            g.vault.up();
            scrape = g.admin("/metrics").body();
        }
    }

    @Test
    void everyMetricTheAlertsReadIsExported() throws Exception {
        Set<String> used = AlertExpressions.metricsIn(AlertExpressions.alertExpressions());

        assertThat(used)
                .as("alerts read gateway metrics")
                .contains("gateway_ready", "gateway_vault_auth_failures_total");
        assertThat(used).as("missing from the live /metrics").isSubsetOf(sampleNames());
    }

    @Test
    void everyMetricTheDashboardReadsIsExported() throws Exception {
        Set<String> used = AlertExpressions.metricsIn(AlertExpressions.dashboardExpressions());

        assertThat(used).as("panels read histograms by bucket").contains("gateway_call_duration_seconds_bucket");
        assertThat(used).as("missing from the live /metrics").isSubsetOf(sampleNames());
    }

    @Test
    void theCheckItselfCatchesAMisspeltMetric() {
        assertThat(sampleNames())
                .as("a name that is not exported is not in the set")
                .doesNotContain("gateway_call_duration_seconds", "gateway_calls")
                .contains("gateway_calls_total");
    }

    /** Names of the samples (not the families) in the scrape, e.g. gateway_call_duration_seconds_bucket. */
    Set<String> sampleNames() {
        Set<String> out = new TreeSet<>();
        scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            int end = 0;
            while (end < l.length() && l.charAt(end) != '{' && l.charAt(end) != ' ') {
                end++;
            }
            out.add(l.substring(0, end));
        });
        return out;
    }

    static int status(LiveGateway g) {
        try {
            return g.pay(LiveGateway.VAULT_CLIENT, id());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String metrics(LiveGateway g) {
        try {
            return g.admin("/metrics").body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String id() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline)
                    .as("timed out waiting for " + what)
                    .isTrue();
            Thread.sleep(100);
        }
    }
}
