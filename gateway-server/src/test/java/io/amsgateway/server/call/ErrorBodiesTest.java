package io.amsgateway.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorBodiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rendersAlipaysResultShapeExactly() {
        byte[] body = ErrorBodies.render(
                new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "no answer from Alipay within 10s"));
        assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo("{\"result\":{\"resultCode\":\"GATEWAY_UPSTREAM_TIMEOUT\",\"resultStatus\":\"U\","
                        + "\"resultMessage\":\"no answer from Alipay within 10s\"}}");
    }

    @Test
    void unknownThrowablesBecomeInternalWithoutTheirMessage() throws Exception {
        byte[] body = ErrorBodies.render(new IllegalStateException("key=MIIEvQIBADANBg..."));
        JsonNode r = JSON.readTree(body).get("result");
        assertThat(r.get("resultCode").asText()).isEqualTo("GATEWAY_INTERNAL");
        assertThat(r.get("resultStatus").asText())
                .as("a bug may have happened after sending")
                .isEqualTo("U");
        assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("MIIE");
        assertThat(ErrorBodies.codeOf(new RuntimeException())).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void messagesAreJsonEscaped() throws Exception {
        byte[] body = ErrorBodies.render(
                new GatewayException(ErrorCode.INVALID_REQUEST, "bad \"quote\" \\ and \n newline \u2028"));
        assertThat(JSON.readTree(body).get("result").get("resultMessage").asText())
                .isEqualTo("bad \"quote\" \\ and \n newline \u2028");
    }
}
