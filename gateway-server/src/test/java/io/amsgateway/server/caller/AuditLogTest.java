package io.amsgateway.server.caller;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsgateway.server.logging.JsonEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AuditLogTest {
    private static final String CARD = "4111 1111 1111 1111";
    private static final String BASE64_KEY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";

    private final Logger audit = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER_NAME);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final JsonEncoder layout = new JsonEncoder();
    private Level oldLevel;
    private boolean oldAdditive;

    @BeforeEach
    void capture() {
        oldLevel = audit.getLevel();
        oldAdditive = audit.isAdditive();
        audit.setLevel(Level.INFO);
        audit.setAdditive(false);
        events.setContext(audit.getLoggerContext());
        events.start();
        audit.addAppender(events);
        layout.setContext(audit.getLoggerContext());
        layout.start();
    }

    @AfterEach
    void restore() {
        audit.detachAppender(events);
        audit.setLevel(oldLevel);
        audit.setAdditive(oldAdditive);
    }

    private JsonNode line() throws Exception {
        assertThat(events.list).hasSize(1);
        String text = new String(layout.encode(events.list.get(0)), StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\n{");
        return new ObjectMapper().readTree(text);
    }

    private static AuditRecord record(Caller caller, RequestIds ids, String decision, String reason) {
        return new AuditRecord(
                Instant.parse("2026-12-01T16:00:00.123Z"),
                "req-1",
                caller,
                "sea",
                "SANDBOX_5X00000000000000",
                1,
                "payments/pay",
                ids,
                decision,
                reason,
                200,
                "SUCCESS",
                "S",
                12_345_000,
                9_870_000,
                "signature");
    }

    @Test
    void anAllowedCallIsOneJsonLineWithEveryField() throws Exception {
        byte[] body =
                ("{\"paymentRequestId\":\"pay-20261201-0001\",\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"100\"},"
                                + "\"paymentMethod\":{\"paymentMethodType\":\"CARD\",\"paymentMethodMetaData\":{\"cardNo\":\""
                                + CARD + "\"}}}")
                        .getBytes(StandardCharsets.UTF_8);
        Caller caller = new Caller(
                "spiffe://cluster.local/ns/shop/sa/checkout", Caller.Kind.CERTIFICATE_URI, "tcp", "10.0.0.7:51234");
        AuditLog.write(record(caller, RequestIds.of(body), "allowed", "allowed by gateway.callers.rules[0]"));
        JsonNode j = line();
        assertThat(j.get("log.logger").asText()).isEqualTo("ams.audit");
        assertThat(j.get("message").asText()).isEqualTo("audit");
        assertThat(j.get("time").asText()).isEqualTo("2026-12-01T16:00:00.123Z");
        assertThat(j.get("requestId").asText()).isEqualTo("req-1");
        assertThat(j.get("caller").asText()).isEqualTo("spiffe://cluster.local/ns/shop/sa/checkout");
        assertThat(j.get("callerKind").asText()).isEqualTo("certificate-uri");
        assertThat(j.get("source").asText()).isEqualTo("10.0.0.7:51234");
        assertThat(j.get("listener").asText()).isEqualTo("tcp");
        assertThat(j.get("profile").asText()).isEqualTo("sea");
        assertThat(j.get("clientId").asText()).isEqualTo("SANDBOX_5X00000000000000");
        assertThat(j.get("keyVersion").asInt()).isEqualTo(1);
        assertThat(j.get("api").asText()).isEqualTo("payments/pay");
        assertThat(j.get("paymentRequestId").asText()).isEqualTo("pay-20261201-0001");
        assertThat(j.has("refundRequestId")).isFalse();
        assertThat(j.get("decision").asText()).isEqualTo("allowed");
        assertThat(j.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(j.get("resultCode").asText()).isEqualTo("SUCCESS");
        assertThat(j.get("resultStatus").asText()).isEqualTo("S");
        assertThat(j.get("totalMs").asDouble()).isEqualTo(12.345);
        assertThat(j.get("upstreamMs").asDouble()).isEqualTo(9.87);
        assertThat(j.get("verified").asText()).isEqualTo("signature");
        assertThat(j.toString())
                .as("nothing else of the body")
                .doesNotContain("4111")
                .doesNotContain("USD");
    }

    @Test
    void aRefusalCarriesItsDecisionAndReasonAndOmitsWhatDidNotHappen() throws Exception {
        AuditLog.write(new AuditRecord(
                Instant.now(),
                "req-2",
                Caller.anonymous("tcp", "10.0.0.9:4000"),
                null,
                null,
                -1,
                "payments/refund",
                RequestIds.NONE,
                "unauthenticated",
                "caller rules are configured and this caller has no identity",
                401,
                "GATEWAY_CALLER_UNAUTHENTICATED",
                "F",
                100_000,
                -1,
                null));
        JsonNode j = line();
        assertThat(j.get("decision").asText()).isEqualTo("unauthenticated");
        assertThat(j.get("callerKind").asText()).isEqualTo("anonymous");
        assertThat(j.get("resultCode").asText()).isEqualTo("GATEWAY_CALLER_UNAUTHENTICATED");
        assertThat(j.has("keyVersion")).isFalse();
        assertThat(j.has("upstreamMs")).isFalse();
        assertThat(j.has("verified"))
                .as("no answer of Alipay's, nothing verified")
                .isFalse();
        assertThat(j.has("profile")).isFalse();
        assertThat(j.has("paymentRequestId")).isFalse();
    }

    @Test
    void secretsInAnyTextFieldAreMaskedWhateverTheLogFormat() {
        // A CN or a reason can carry anything a caller chose; the record is redacted before it is logged.
        Caller weird = new Caller("cn:" + BASE64_KEY, Caller.Kind.CERTIFICATE_CN, "tcp", "x");
        AuditLog.write(
                record(weird, new RequestIds(null, "r-1"), "forbidden", "card " + CARD + " signature=abcdEFGH1234"));
        ILoggingEvent e = events.list.get(0);
        String all = e.getKeyValuePairs().toString();
        assertThat(all).doesNotContain(BASE64_KEY).doesNotContain("4111 1111").doesNotContain("abcdEFGH1234");
        assertThat(all).contains("[CARD ****1111]").contains("refundRequestId");
    }

    @Test
    void offCostsNothing() {
        audit.setLevel(Level.OFF);
        AuditLog.write(record(Caller.anonymous("tcp", "x"), RequestIds.NONE, "allowed", null));
        assertThat(events.list).isEmpty();
    }

    @Test
    void requestIdsAreTakenFromTheTopLevelOnlyAndOnlyWhenPlain() {
        assertThat(RequestIds.of("{\"refundRequestId\":\"ref-1\",\"paymentRequestId\":\"pay-1\"}"
                        .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new RequestIds("pay-1", "ref-1"));
        assertThat(RequestIds.of("{\"order\":{\"paymentRequestId\":\"nested\"},\"x\":[1,{\"refundRequestId\":\"n\"}]}"
                        .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(RequestIds.NONE);
        assertThat(RequestIds.of("{\"paymentRequestId\":\"has space\"}".getBytes(StandardCharsets.UTF_8))
                        .paymentRequestId())
                .isNull();
        assertThat(RequestIds.of(
                        ("{\"paymentRequestId\":\"" + "x".repeat(65) + "\"}").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(RequestIds.NONE);
        assertThat(RequestIds.of("{\"paymentRequestId\":12345}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(RequestIds.NONE);
        assertThat(RequestIds.of("not json".getBytes(StandardCharsets.UTF_8))).isEqualTo(RequestIds.NONE);
        assertThat(RequestIds.of("[{\"paymentRequestId\":\"a\"}]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(RequestIds.NONE);
        assertThat(RequestIds.of("{\"paymentRequestId\":\"pay-2\",\"broken".getBytes(StandardCharsets.UTF_8))
                        .paymentRequestId())
                .as("what was read before the error")
                .isEqualTo("pay-2");
        assertThat(RequestIds.of("[".repeat(10_000).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(RequestIds.NONE);
    }
}
