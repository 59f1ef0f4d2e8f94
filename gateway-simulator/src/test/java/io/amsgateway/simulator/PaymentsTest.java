package io.amsgateway.simulator;

import static io.amsgateway.simulator.SimFixture.CLIENT;
import static io.amsgateway.simulator.SimFixture.PAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The business rules over the wire: idempotency, refund bounds, cancel, unknown ids, consult. */
@ExtendWith(LeakCheck.class)
class PaymentsTest {
    static final String API = "/ams/api/v1/payments/";

    @TempDir
    static Path dir;

    static SimFixture sim;

    @BeforeAll
    static void start() throws Exception {
        sim = SimFixture.start(dir);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static String pay(String id, String value) {
        return "{\"paymentRequestId\":\"" + id + "\",\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"" + value
                + "\"},"
                + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"},\"productCode\":\"CASHIER_PAYMENT\"}";
    }

    static String refund(String id, String paymentId, String value) {
        return "{\"refundRequestId\":\"" + id + "\",\"paymentId\":\"" + paymentId
                + "\",\"refundAmount\":{\"currency\":\"USD\",\"value\":\"" + value + "\"}}";
    }

    Exchange call(String op, String body) throws Exception {
        Exchange ex = sim.post(API + op, body);
        sim.verify(ex, API + op, CLIENT);
        return ex;
    }

    @Test
    void payIsIdempotentByPaymentRequestId() throws Exception {
        Exchange first = call("pay", pay("idem-1", "1000"));
        assertThat(first.resultCode()).isEqualTo("SUCCESS");
        assertThat(first.json().path("paymentId").asText()).hasSize(35);
        assertThat(first.json().path("paymentAmount").path("value").asText()).isEqualTo("1000");
        Exchange again = call("pay", pay("idem-1", "1000"));
        assertThat(again.json()).isEqualTo(first.json());
        Exchange changed = call("pay", pay("idem-1", "1001"));
        assertThat(changed.resultCode()).isEqualTo("REPEAT_REQ_INCONSISTENT");
        assertThat(changed.resultStatus()).isEqualTo("F");
    }

    @Test
    void magicAmountsDecideTheOutcome() throws Exception {
        Exchange failed = call("pay", pay("fail-1", "9901"));
        assertThat(failed.resultCode()).isEqualTo("USER_BALANCE_NOT_ENOUGH");
        assertThat(call("inquiryPayment", "{\"paymentRequestId\":\"fail-1\"}")
                        .json()
                        .path("paymentStatus")
                        .asText())
                .isEqualTo("FAIL");
        Exchange processing = call("pay", pay("proc-1", "9902"));
        assertThat(processing.resultCode()).isEqualTo("PAYMENT_IN_PROCESS");
        assertThat(processing.resultStatus()).isEqualTo("U");
    }

    @Test
    void inquiryFindsByEitherIdAndAnswersUnknownIds() throws Exception {
        String paymentId =
                call("pay", pay("inq-1", "500")).json().path("paymentId").asText();
        Exchange byId = call("inquiryPayment", "{\"paymentId\":\"" + paymentId + "\"}");
        assertThat(byId.json().path("paymentStatus").asText()).isEqualTo("SUCCESS");
        assertThat(byId.json().path("paymentRequestId").asText()).isEqualTo("inq-1");
        assertThat(call("inquiryPayment", "{\"paymentRequestId\":\"inq-1\"}")
                        .json()
                        .path("paymentId")
                        .asText())
                .isEqualTo(paymentId);
        assertThat(call("inquiryPayment", "{\"paymentRequestId\":\"never-seen\"}")
                        .resultCode())
                .isEqualTo("ORDER_NOT_EXIST");
        assertThat(call("cancel", "{\"paymentId\":\"404\"}").resultCode()).isEqualTo("ORDER_NOT_EXIST");
        assertThat(call("refund", refund("r-404", "404", "1")).resultCode()).isEqualTo("ORDER_NOT_EXIST");
        assertThat(call("inquiryRefund", "{\"refundRequestId\":\"never-seen\"}").resultCode())
                .isEqualTo("REFUND_NOT_EXIST");
    }

    @Test
    void refundsAreBoundedByThePaidAmountAndIdempotent() throws Exception {
        String paymentId =
                call("pay", pay("ref-1", "1000")).json().path("paymentId").asText();
        Exchange r1 = call("refund", refund("ref-1-a", paymentId, "600"));
        assertThat(r1.resultCode()).isEqualTo("SUCCESS");
        assertThat(call("refund", refund("ref-1-b", paymentId, "401")).resultCode())
                .isEqualTo("REFUND_AMOUNT_EXCEED");
        assertThat(call("refund", refund("ref-1-c", paymentId, "400")).resultCode())
                .isEqualTo("SUCCESS");
        assertThat(call("refund", refund("ref-1-d", paymentId, "1")).resultCode())
                .isEqualTo("REFUND_AMOUNT_EXCEED");
        Exchange repeat = call("refund", refund("ref-1-a", paymentId, "600"));
        assertThat(repeat.json()).isEqualTo(r1.json());
        assertThat(call("refund", refund("ref-1-a", paymentId, "500")).resultCode())
                .isEqualTo("REPEAT_REQ_INCONSISTENT");
        Exchange inquiry = call(
                "inquiryRefund", "{\"refundId\":\"" + r1.json().path("refundId").asText() + "\"}");
        assertThat(inquiry.json().path("refundStatus").asText()).isEqualTo("SUCCESS");
        assertThat(inquiry.json().path("refundAmount").path("value").asText()).isEqualTo("600");
    }

    @Test
    void cancelOnlyBeforeSuccess() throws Exception {
        String processing =
                call("pay", pay("can-1", "9902")).json().path("paymentId").asText();
        assertThat(call("refund", refund("can-1-r", processing, "1")).resultCode())
                .isEqualTo("ORDER_STATUS_INVALID");
        Exchange cancelled = call("cancel", "{\"paymentRequestId\":\"can-1\"}");
        assertThat(cancelled.resultCode()).isEqualTo("SUCCESS");
        assertThat(cancelled.json().path("cancelTime").asText()).isNotEmpty();
        assertThat(call("cancel", "{\"paymentId\":\"" + processing + "\"}").json())
                .isEqualTo(cancelled.json());
        assertThat(call("inquiryPayment", "{\"paymentId\":\"" + processing + "\"}")
                        .json()
                        .path("paymentStatus")
                        .asText())
                .isEqualTo("CANCELLED");
        call("pay", pay("can-2", "100"));
        assertThat(call("cancel", "{\"paymentRequestId\":\"can-2\"}").resultCode())
                .isEqualTo("ORDER_STATUS_INVALID");
    }

    @Test
    void consultListsPaymentOptionsAndBadBodiesAreParamIllegal() throws Exception {
        Exchange consult = call(
                "consult",
                "{\"productCode\":\"CASHIER_PAYMENT\",\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"100\"}}");
        assertThat(consult.resultCode()).isEqualTo("SUCCESS");
        assertThat(consult.json().path("paymentOptions").size()).isGreaterThan(0);
        assertThat(call("pay", "{\"paymentRequestId\":\"x\"}").resultCode()).isEqualTo("PARAM_ILLEGAL");
        assertThat(call("pay", "not json").resultCode()).isEqualTo("PARAM_ILLEGAL");
        assertThat(sim.post(PAY, "[]").resultCode()).isEqualTo("PARAM_ILLEGAL");
    }
}
