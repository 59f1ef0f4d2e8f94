package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.assertGatewayError;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.server.logging.AccessLog;
import io.amsgateway.simulator.LeakCheck;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A 2 MiB body, sent at once or announced with {@code Expect: 100-continue}, is refused through
 * the same exit as every answer: 413 with the gateway's JSON error body, one access-log line, one
 * {@code gateway_errors_total} increment, one observed call.
 */
@ExtendWith(LeakCheck.class)
class PayloadTooLargeTest {
    static final int TWO_MIB = 2 << 20;
    static final Pattern ERRORS =
            Pattern.compile("gateway_errors_total\\{code=\"PAYLOAD_TOO_LARGE\",profile=\"-\"} (\\S+)");

    @TempDir
    static Path dir;

    static GatewayFixture f;
    static final Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER_NAME);
    static final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    static Level oldLevel;

    @BeforeAll
    static void start() throws Exception {
        f = GatewayFixture.start(dir);
        oldLevel = access.getLevel();
        access.setLevel(Level.INFO);
        lines.setContext(access.getLoggerContext());
        lines.start();
        access.addAppender(lines);
    }

    @AfterAll
    static void stop() {
        access.detachAppender(lines);
        access.setLevel(oldLevel);
        f.close();
    }

    @BeforeEach
    void reset() {
        lines.list.clear();
        f.calls.clear();
    }

    @Test
    void aTwoMebibyteBodyIsRefusedOnceWithTheGatewaysError() throws Exception {
        double before = errors();

        assertGatewayError(
                f.post("/ams/api/v1/payments/pay", "x".repeat(TWO_MIB)), 413, "GATEWAY_PAYLOAD_TOO_LARGE", "F");

        assertRecordedOnce(before);
    }

    @Test
    void aTwoMebibyteBodyAnnouncedWithExpectContinueIsRefusedOnceWithTheGatewaysError() throws Exception {
        double before = errors();
        String answer;
        try (Socket s = new Socket("127.0.0.1", f.gateway.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /ams/api/v1/payments/pay HTTP/1.1\r\n"
                            + "Host: 127.0.0.1\r\n"
                            + "Content-Type: application/json\r\n"
                            + "Content-Length: " + TWO_MIB + "\r\n"
                            + "Expect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            answer = readUntilClosed(s.getInputStream()); // the body is never sent
        }

        assertThat(answer).as("no 100 Continue first").startsWith("HTTP/1.1 413 ");
        String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
        assertThat(head.toLowerCase()).contains("content-type: application/json; charset=utf-8");
        assertThat(head).contains("X-Gateway-Error: GATEWAY_PAYLOAD_TOO_LARGE");
        var result = new ObjectMapper()
                .readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4))
                .get("result");
        assertThat(result.get("resultCode").asText()).isEqualTo("GATEWAY_PAYLOAD_TOO_LARGE");
        assertThat(result.get("resultStatus").asText()).isEqualTo("F");
        assertRecordedOnce(before);
    }

    private static void assertRecordedOnce(double errorsBefore) throws Exception {
        List<ILoggingEvent> refused = lines.list.stream()
                .filter(e -> Integer.valueOf(413).equals(keyValues(e).get("httpStatus")))
                .toList();
        assertThat(refused).as("one access-log line").hasSize(1);
        assertThat(keyValues(refused.get(0))).containsEntry("errorCode", "PAYLOAD_TOO_LARGE");
        assertThat(lines.list).as("and no other").hasSize(1);
        assertThat(errors() - errorsBefore)
                .as("one gateway_errors_total increment")
                .isEqualTo(1.0);
        assertThat(f.calls)
                .singleElement()
                .satisfies(c -> assertThat(c.response().error()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
    }

    private static Map<String, Object> keyValues(ILoggingEvent e) {
        Map<String, Object> m = new java.util.HashMap<>();
        if (e.getKeyValuePairs() != null) {
            e.getKeyValuePairs().forEach(kv -> m.put(kv.key, kv.value));
        }
        return m;
    }

    private static double errors() throws Exception {
        Matcher m = ERRORS.matcher(ProxyOperationsTest.admin(f, "/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String readUntilClosed(InputStream in) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        in.transferTo(got);
        return got.toString(StandardCharsets.UTF_8);
    }
}
