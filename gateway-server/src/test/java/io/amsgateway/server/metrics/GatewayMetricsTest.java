package io.amsgateway.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.ResultStatus;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {
    @Test
    void jvmMetricsAreThoseOfJvmMetricsButNativeMemoryOnlyWhenTracked() throws IOException {
        String text = new GatewayMetrics("dev").scrapeText();
        PrometheusRegistry all = new PrometheusRegistry();
        JvmMetrics.builder().register(all);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, all.scrape());
        Set<String> expected = families(out.toString(StandardCharsets.UTF_8));
        assertThat(expected).contains("jvm_memory_used_bytes", "jvm_threads_current", "process_cpu_seconds_total");
        assertThat(families(text))
                .filteredOn(f -> f.startsWith("jvm_") || f.startsWith("process_"))
                .containsExactlyInAnyOrderElementsOf(expected.stream()
                        .filter(f -> !f.startsWith("jvm_native_memory_"))
                        .toList());
        String tracking = GatewayMetrics.nativeMemoryTrackingOption();
        // The build's test JVM runs without Native Memory Tracking: then there is nothing to report.
        assertThat(text.contains("jvm_native_memory_"))
                .as("NativeMemoryTracking=%s", tracking)
                .isEqualTo(GatewayMetrics.nativeMemoryTracked(tracking));
        assertThat(GatewayMetrics.nativeMemoryTracked("summary")).isTrue();
        assertThat(GatewayMetrics.nativeMemoryTracked("detail")).isTrue();
        assertThat(GatewayMetrics.nativeMemoryTracked("off")).isFalse();
    }

    @Test
    void scrapeShowsEveryGatewayMetric() {
        String text = SampleMetrics.populated().scrapeText();
        assertThat(text)
                .contains("gateway_calls_total{api=\"payments/pay\",outcome=\"S\",profile=\"client-a\"} 1.0")
                .contains("gateway_calls_total{api=\"payments/pay\",outcome=\"error\",profile=\"client-a\"} 1.0")
                .contains("gateway_errors_total{code=\"UPSTREAM_TIMEOUT\",profile=\"client-a\"} 1.0")
                .contains("gateway_errors_total{code=\"UNKNOWN_CLIENT\",profile=\"-\"} 1.0")
                .contains(
                        "gateway_call_duration_seconds_bucket{api=\"payments/pay\",profile=\"client-a\",le=\"0.025\"} 1")
                .contains("gateway_upstream_duration_seconds_count{api=\"payments/pay\",profile=\"client-a\"} 2")
                .contains("gateway_sign_duration_seconds_bucket{profile=\"client-a\",le=\"2.5E-4\"} 1")
                .contains("gateway_verify_duration_seconds_bucket{profile=\"client-a\",le=\"2.5E-5\"} 1")
                .contains(
                        "gateway_response_verification_failures_total{profile=\"client-a\",reason=\"BAD_SIGNATURE\"} 1.0")
                .contains("gateway_upstream_connections{profile=\"client-a\",state=\"active\"} 3.0")
                .contains("gateway_upstream_connections{profile=\"client-a\",state=\"idle\"} 2.0")
                .contains("gateway_upstream_pending_acquires{profile=\"client-a\"} 1.0")
                .contains(
                        "gateway_upstream_connect_failures_total{profile=\"client-a\",reason=\"handshake_timeout\"} 2.0")
                .contains("gateway_crypto_provider_info{provider=\"accp\"} 1")
                .contains("gateway_transport_info{transport=\"epoll\"} 1")
                .contains("gateway_build_info{version=\"1.2.3\"} 1")
                .contains("gateway_in_flight_calls 1.0")
                .contains("gateway_ready 1.0")
                .contains("jvm_memory_used_bytes");
    }

    private static Set<String> families(String exposition) {
        return exposition
                .lines()
                .filter(l -> l.startsWith("# TYPE "))
                .map(l -> l.split(" ")[2])
                .collect(Collectors.toSet());
    }

    @Test
    void unverifiedAlipayCodesAreCappedAndOddOnesAreOther() {
        GatewayMetrics m = new GatewayMetrics("dev");
        m.calls().recordUnverifiedResult("sea", "INVALID_SIGNATURE");
        m.calls().recordUnverifiedResult("sea", "invalid signature\n");
        for (int i = 0; i < CallMetrics.MAX_UNVERIFIED_CODES + 10; i++) {
            m.calls().recordUnverifiedResult("sea", "CODE_" + i);
        }
        m.calls().recordUnverifiedResult("sea", "INVALID_SIGNATURE");
        String text = m.scrapeText();
        assertThat(text)
                .contains("gateway_unverified_alipay_results_total{code=\"INVALID_SIGNATURE\",profile=\"sea\"} 2.0")
                .contains("gateway_unverified_alipay_results_total{code=\"other\",profile=\"sea\"} 12.0")
                .doesNotContain("invalid signature");
        assertThat(text.lines().filter(l -> l.startsWith("gateway_unverified_alipay_results_total{")))
                .hasSize(CallMetrics.MAX_UNVERIFIED_CODES + 1);
    }

    @Test
    void readinessAndInFlightFollowTheirSources() {
        GatewayMetrics m = new GatewayMetrics("dev");
        assertThat(m.scrapeText()).as("not ready until told").contains("gateway_ready 0.0");
        m.calls().callStarted();
        m.calls().callEnded();
        assertThat(m.scrapeText()).contains("gateway_in_flight_calls 0.0");
        m.calls().registerPoolGauges("p", () -> 1, () -> 1, () -> 1);
        m.calls().registerConnectFailures("p", () -> java.util.Map.of("revoked", 1L));
        assertThat(m.scrapeText())
                .contains("gateway_upstream_connect_failures_total{profile=\"p\",reason=\"revoked\"} 1.0");
        m.calls().unregisterPoolGauges("p");
        assertThat(m.scrapeText()).doesNotContain("profile=\"p\"");
    }

    @Test
    void theCountersAlertsReadExistAtZeroForEveryProfileBeforeTheFirstEvent() {
        GatewayMetrics m = new GatewayMetrics("dev");
        assertThat(m.scrapeText()).doesNotContain("profile=\"sea\"");

        m.calls().expectProfile("sea");
        m.vault().expectMethod("kubernetes");
        m.keyCache().keyCacheListener("sea", "file");

        String text = m.scrapeText();
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(text)
                    .contains("gateway_errors_total{code=\"" + code.name() + "\",profile=\"sea\"} 0.0")
                    .contains("gateway_errors_total{code=\"" + code.name() + "\",profile=\"-\"} 0.0");
        }
        for (VerificationException.Reason reason : VerificationException.Reason.values()) {
            assertThat(text)
                    .contains("gateway_response_verification_failures_total{profile=\"sea\",reason=\"" + reason.name()
                            + "\"} 0.0");
        }
        for (String api : CallMetrics.PRESET_APIS) {
            for (String outcome : new String[] {"S", "F", "U", "error"}) {
                assertThat(text)
                        .contains("gateway_calls_total{api=\"" + api + "\",outcome=\"" + outcome
                                + "\",profile=\"sea\"} 0.0");
            }
        }
        assertThat(text)
                .contains("gateway_key_loads_total{outcome=\"failure\",profile=\"sea\",source=\"file\"} 0.0")
                .contains("gateway_vault_auth_failures_total{method=\"kubernetes\"} 0.0")
                .contains("gateway_vault_logins_total{method=\"kubernetes\"} 0.0")
                .contains("gateway_vault_token_renewals_total{outcome=\"failure\"} 0.0");

        m.calls().recordVerificationFailure("sea", VerificationException.Reason.BAD_SIGNATURE);
        assertThat(m.scrapeText())
                .as("the first event raises the existing series")
                .contains("gateway_response_verification_failures_total{profile=\"sea\",reason=\"BAD_SIGNATURE\"} 1.0");
    }

    @Test
    void apiLabelValuesAreCapped() {
        GatewayMetrics m = new GatewayMetrics("dev");
        for (int i = 0; i < GatewayMetrics.MAX_API_LABELS + 50; i++) {
            m.calls().recordCall("p", "r" + i + "/a", ResultStatus.S, 1, -1);
        }
        String text = m.scrapeText();
        assertThat(text.lines().filter(l -> l.startsWith("gateway_calls_total{")))
                .as("one series per allowed api value plus 'other'")
                .hasSize(GatewayMetrics.MAX_API_LABELS + 1);
        assertThat(text).contains("gateway_calls_total{api=\"other\",outcome=\"S\",profile=\"p\"} 50.0");
        assertThat(text).as("no upstream part was recorded").doesNotContain("gateway_upstream_duration_seconds_count{");
    }

    @Test
    void inventedApiNamesAcrossManyProfilesKeepTheScrapeBounded() {
        GatewayMetrics m = new GatewayMetrics("dev");
        for (int p = 0; p < 8; p++) {
            m.calls().recordCall("p" + p, "payments/pay", ResultStatus.S, 1, 1);
        }
        long baseline = series(m.scrapeText());
        for (int p = 0; p < 8; p++) {
            for (int i = 0; i < 200; i++) {
                m.calls().recordCall("p" + p, "invented" + i + "/a", ResultStatus.F, 1, 1);
                m.calls().recordCallError("p" + p, "invented" + i + "/b", ErrorCode.UPSTREAM_BAD_STATUS, 1, 1);
            }
        }
        String text = m.scrapeText();
        long pairs = text.lines()
                .filter(l -> l.startsWith("gateway_calls_total{"))
                .map(l -> l.replaceAll(",outcome=\"[^\"]*\"", ""))
                .distinct()
                .count();
        assertThat(pairs)
                .as("(profile, api) pairs: the cap plus one 'other' per profile, not 8 x 400")
                .isLessThanOrEqualTo(GatewayMetrics.MAX_API_LABELS + 8);
        // every pair carries at most 4 outcomes and two histograms of CALL buckets (+Inf, count, sum)
        long perPair = 4 + 2L * (Buckets.CALL.length + 3);
        assertThat(series(text) - baseline)
                .as("series added by 3,200 invented API names across 8 profiles")
                .isLessThanOrEqualTo((GatewayMetrics.MAX_API_LABELS + 8) * perPair);
    }

    private static long series(String text) {
        return text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
    }
}
