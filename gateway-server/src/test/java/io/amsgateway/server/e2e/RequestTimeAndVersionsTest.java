package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.assertVerifiedSuccess;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.server.call.CallRecord;
import io.amsgateway.simulator.LeakCheck;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code request-time-format} (issue 12, "Also") and API versions in paths, end to end over TLS:
 * the simulator verifies the signature over the {@code Request-Time} it received, so a time signed
 * other than as sent fails; it counts the form it received.
 */
@ExtendWith(LeakCheck.class)
class RequestTimeAndVersionsTest {

    @Test
    void epochMillisIsTheDefaultAndRfc3339IsSignedAsSent(@TempDir Path dir, @TempDir Path other) throws Exception {
        try (GatewayFixture f = GatewayFixture.start(dir)) {
            assertVerifiedSuccess(f.post("/ams/api/v1/payments/pay", pay(id(), "10")));
            assertThat(form(f, "epoch-millis")).isEqualTo(1);
            assertThat(form(f, "iso-8601")).isZero();
        }
        try (GatewayFixture f =
                GatewayFixture.start(other, b -> {}, "gateway.profiles.sandbox.request-time-format = rfc3339\n")) {
            HttpResponse<String> r = f.post("/ams/api/v1/payments/pay", pay(id(), "11"));
            assertVerifiedSuccess(r);
            assertThat(r.headers().firstValue("X-Gateway-Verified")).hasValue("signature");
            assertThat(form(f, "iso-8601")).as("sent as RFC 3339").isEqualTo(1);
            assertThat(form(f, "epoch-millis")).isZero();
        }
    }

    @Test
    void aVersionTwoPathIsSignedVerifiedAndLabelledLikeVersionOne(@TempDir Path dir) throws Exception {
        try (GatewayFixture f = GatewayFixture.start(dir)) {
            HttpResponse<String> r = f.post("/ams/api/v2/payments/pay", pay(id(), "12"));
            assertVerifiedSuccess(r);
            CallRecord c = f.calls.get(f.calls.size() - 1);
            assertThat(c.response().api()).isEqualTo("payments/pay");
            assertThat(UnsignedErrorAnswerTest.metric(f, "gateway_calls_total", "api=\"payments/pay\",outcome=\"S\""))
                    .isEqualTo(1.0);
            HttpResponse<String> inquiry =
                    f.post("/ams/sandbox/api/v2/payments/inquiryPayment", "{\"paymentRequestId\":\"" + id() + "\"}");
            assertThat(inquiry.statusCode()).as(inquiry.body()).isEqualTo(200);
            assertThat(inquiry.headers().firstValue("X-Gateway-Verified")).hasValue("signature");
        }
    }

    private static long form(GatewayFixture f, String form) {
        return f.sim.state().path("acceptedByRequestTimeForm").path(form).asLong();
    }
}
