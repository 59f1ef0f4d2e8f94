package io.amsgateway.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiLabelsTest {
    @ParameterizedTest
    @CsvSource({
        "/ams/api/v1/payments/pay, payments/pay",
        "/ams/sandbox/api/v1/payments/pay, payments/pay",
        "/ams/api/v2/payments/inquiryPayment, payments/inquiryPayment",
        "/ams/api/v1/payments/pay?x=1&signature=abc, payments/pay",
        "/ams/api/v1/payments/pay/, other",
        "/ams/api/v1/payments, other",
        "/ams/api/v1/payments/pay/extra, other",
        "/ams/api/vX/payments/pay, other",
        "/ams/api/v1/pay-ments/pay, other",
        "/ams/api/v1/payments/4111111111111111, other",
        "/healthz, other",
        "'', other",
    })
    void mapsPathsToBoundedLabels(String path, String label) {
        assertThat(ApiLabels.of(path)).as("label of %s", path).isEqualTo(label);
        assertThat(GatewayMetrics.apiLabel(path)).isEqualTo(label);
    }

    @Test
    void capsDistinctValues() {
        ApiLabels labels = new ApiLabels(2);
        assertThat(labels.bounded("p", "a/b")).isEqualTo("a/b");
        assertThat(labels.bounded("p", ApiLabels.OTHER)).isEqualTo(ApiLabels.OTHER);
        assertThat(labels.bounded("p", "c/d")).isEqualTo("c/d");
        assertThat(labels.bounded("p", "e/f"))
                .as("third distinct value is past the cap")
                .isEqualTo("other");
        assertThat(labels.bounded("p", "a/b")).as("known values stay").isEqualTo("a/b");
    }

    @Test
    void theCapIsSharedByAllProfiles() {
        ApiLabels labels = new ApiLabels(2);
        assertThat(labels.bounded("p1", "a/b")).isEqualTo("a/b");
        assertThat(labels.bounded("p2", "a/b"))
                .as("a second profile's pair counts too")
                .isEqualTo("a/b");
        assertThat(labels.bounded("p3", "a/b"))
                .as("a known api value under a third profile is a new pair, past the cap")
                .isEqualTo("other");
        assertThat(labels.bounded("p1", "a/b")).isEqualTo("a/b");
    }
}
