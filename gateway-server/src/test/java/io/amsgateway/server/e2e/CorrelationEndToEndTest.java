package io.amsgateway.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.amsgateway.server.call.CallRecord;
import io.amsgateway.server.call.RequestIds;
import io.amsgateway.server.logging.AccessLog;
import io.amsgateway.server.logging.LogFields;
import io.amsgateway.simulator.LeakCheck;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Correlation over real sockets: every answer carries the call's {@code X-Request-Id} (the
 * caller's when sane, else a new one), the access line and the other log lines of the call carry
 * it and the caller's trace id, whichever thread writes them, and neither header reaches Alipay.
 */
@ExtendWith(LeakCheck.class)
class CorrelationEndToEndTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @TempDir
    static Path dir;

    static GatewayFixture f;
    static final Captured logs = new Captured();

    /** Keeps each event with the MDC of the thread that logged it. */
    static final class Captured extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent e) {
            e.prepareForDeferredProcessing(); // snapshots the MDC on the logging thread
            events.add(e);
        }

        List<ILoggingEvent> of(String requestId) {
            return events.stream()
                    .filter(e -> requestId.equals(e.getMDCPropertyMap().get(LogFields.REQUEST_ID)))
                    .toList();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        f = GatewayFixture.start(dir, b -> {}, "gateway.listener.max-body-size = 4k\n");
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        logs.setContext(ctx);
        logs.start();
        ctx.getLogger("io.amsgateway").addAppender(logs);
    }

    @AfterAll
    static void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger("io.amsgateway")
                .detachAppender(logs);
        f.close();
    }

    @BeforeEach
    void clear() {
        logs.events.clear();
    }

    static String pay() {
        return ProxyEndToEndTest.pay(ProxyEndToEndTest.id(), "100");
    }

    static String requestId(HttpResponse<String> r) {
        return r.headers().firstValue(RequestIds.HEADER).orElseThrow(() -> new AssertionError("no X-Request-Id"));
    }

    @Test
    void aSaneCallerIdIsReturnedLoggedAndRecordedButNeverSentToAlipay() throws Exception {
        String id = "order-42:retry.1_A";
        HttpResponse<String> r = f.post(
                "/ams/api/v1/payments/pay",
                pay(),
                Map.of(RequestIds.HEADER, id, "traceparent", TRACEPARENT, "tracestate", "vendor=opaque"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(requestId(r)).isEqualTo(id);
        assertThat(f.calls.stream().map(CallRecord::requestId)).contains(id);
        ILoggingEvent access = logs.of(id).stream()
                .filter(e -> e.getLoggerName().equals(AccessLog.LOGGER_NAME))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no access line with the request id: " + logs.events));
        assertThat(access.getMDCPropertyMap()).containsEntry(LogFields.TRACE_ID, TRACE_ID);
        assertThat(f.sim.headerNamesSeen())
                .as("what reached Alipay")
                .contains("signature", "client-id")
                .doesNotContain("x-request-id", "traceparent", "tracestate");
    }

    @Test
    void anInsaneOrMissingIdIsReplacedByANewUniqueOne() throws Exception {
        String tooLong = "a".repeat(RequestIds.MAX_LENGTH + 1);
        for (String bad : List.of("has space", "quote\"", tooLong, "semi;colon", "ä")) {
            HttpResponse<String> r = f.post("/ams/api/v1/payments/pay", pay(), Map.of(RequestIds.HEADER, bad));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(requestId(r)).as("for %s", bad).isNotEqualTo(bad).matches(RequestIds::isSane);
        }
        String a = requestId(f.post("/ams/api/v1/payments/pay", pay()));
        String b = requestId(f.post("/ams/api/v1/payments/pay", pay()));
        assertThat(a).isNotEqualTo(b).matches(RequestIds::isSane);
    }

    @Test
    void errorAnswersCarryTheIdToo() throws Exception {
        HttpResponse<String> unknown = f.post(
                "/ams/api/v1/payments/pay", pay(), Map.of("Client-Id", "NOT_A_CLIENT", RequestIds.HEADER, "e-1"));
        assertThat(unknown.statusCode()).isBetween(400, 499);
        assertThat(unknown.headers().firstValue("X-Gateway-Error")).isPresent();
        assertThat(requestId(unknown)).isEqualTo("e-1");

        HttpResponse<String> tooLarge = f.post(
                "/ams/api/v1/payments/pay", "{\"x\":\"" + "y".repeat(8_000) + "\"}", Map.of(RequestIds.HEADER, "e-2"));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(requestId(tooLarge)).as("a refusal at the edge").isEqualTo("e-2");
    }

    @Test
    void theWarningOfAForgedAnswerCarriesTheCallsIdsFromTheUpstreamThread() throws Exception {
        HttpResponse<String> r = f.post(
                "/ams/api/v1/payments/pay",
                ProxyEndToEndTest.pay("FAULT_BADSIG_" + ProxyEndToEndTest.id(), "100"),
                Map.of(RequestIds.HEADER, "forged-1", "traceparent", TRACEPARENT));

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(requestId(r)).isEqualTo("forged-1");
        List<ILoggingEvent> lines = logs.of("forged-1");
        assertThat(lines)
                .as("the verification warning and the access line")
                .extracting(ILoggingEvent::getLoggerName)
                .contains(AccessLog.LOGGER_NAME, "io.amsgateway.server.proxy.ProxyService");
        assertThat(lines)
                .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry(LogFields.TRACE_ID, TRACE_ID));
        assertThat(logs.events.stream()
                        .filter(e -> e.getLoggerName().startsWith("io.amsgateway.server")
                                || e.getLoggerName().equals(AccessLog.LOGGER_NAME)))
                .as("no gateway line of this test's call without the ids")
                .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsKey(LogFields.REQUEST_ID));
    }
}
