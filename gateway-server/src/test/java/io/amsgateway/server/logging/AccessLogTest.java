package io.amsgateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.server.call.CallContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class AccessLogTest {
    private final Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER_NAME);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Level oldLevel;
    private boolean oldAdditive;

    @BeforeEach
    void capture() {
        oldLevel = access.getLevel();
        oldAdditive = access.isAdditive();
        access.setLevel(Level.INFO);
        access.setAdditive(false); // keep the build output quiet
        events.setContext(access.getLoggerContext());
        events.start();
        access.addAppender(events);
    }

    @AfterEach
    void restore() {
        access.detachAppender(events);
        access.setLevel(oldLevel);
        access.setAdditive(oldAdditive);
    }

    @Test
    void logsOneStructuredLinePerCall() throws Exception {
        AccessLog.call("client-a", "payments/pay", 200, "S", TimeUnit.MICROSECONDS.toNanos(12_345), 9_870_000, 1, null);
        assertThat(events.list).hasSize(1);
        JsonNode json =
                JsonEncoderTest.parseOneLine(JsonEncoderTest.encode(access.getLoggerContext(), events.list.get(0)));
        assertThat(json.get("log.logger").asText()).isEqualTo("io.amsgateway.access");
        assertThat(json.get("log.level").asText()).isEqualTo("INFO");
        assertThat(json.get("message").asText()).isEqualTo("call");
        assertThat(json.get("profile").asText()).isEqualTo("client-a");
        assertThat(json.get("api").asText()).isEqualTo("payments/pay");
        assertThat(json.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(json.get("resultStatus").asText()).isEqualTo("S");
        assertThat(json.get("totalMs").asDouble()).isEqualTo(12.345);
        assertThat(json.get("upstreamMs").asDouble()).isEqualTo(9.87);
        assertThat(json.get("keyVersion").asInt()).isEqualTo(1);
        assertThat(json.has("errorCode")).isFalse();
    }

    @Test
    void errorCallsCarryTheCodeAndOmitWhatDoesNotApply() throws Exception {
        AccessLog.call("unknown", "other", 400, "F", 1_000_000, -1, -1, ErrorCode.UNKNOWN_CLIENT);
        JsonNode json =
                JsonEncoderTest.parseOneLine(JsonEncoderTest.encode(access.getLoggerContext(), events.list.get(0)));
        assertThat(json.get("errorCode").asText()).isEqualTo("UNKNOWN_CLIENT");
        assertThat(json.has("upstreamMs")).as("nothing was sent").isFalse();
        assertThat(json.has("keyVersion")).as("nothing was verified").isFalse();
    }

    @Test
    void aCallsLineCarriesItsRequestAndTraceIds() throws Exception {
        CallContext call = new CallContext(
                Runnable::run, "caller-id-7", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        String line;
        try (CallContext.Scope s = call.scope()) {
            AccessLog.call("client-a", "payments/pay", 200, "S", 1_000_000, 500_000, 1, null);
            line = JsonEncoderTest.encode(access.getLoggerContext(), events.list.get(0));
        }
        JsonNode json = JsonEncoderTest.parseOneLine(line);
        assertThat(json.get("http.request.id").asText()).isEqualTo("caller-id-7");
        assertThat(json.get("trace.id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(MDC.get(LogFields.REQUEST_ID)).as("the scope is closed").isNull();
    }

    @Test
    void offCostsNothing() {
        access.setLevel(Level.OFF);
        AccessLog.call("client-a", "payments/pay", 200, "S", 1, 1, 1, null);
        assertThat(events.list).isEmpty();
    }
}
