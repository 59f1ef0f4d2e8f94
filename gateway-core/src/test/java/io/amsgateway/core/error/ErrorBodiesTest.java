package io.amsgateway.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    @Test
    void everyCodeHasAGatewayPrefixAnErrorStatusAndAConsistentResultStatus() {
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(c.resultCode()).isEqualTo("GATEWAY_" + c.name());
            assertThat(c.httpStatus()).as(c + " is an error status").isBetween(400, 599);
            assertThat(c.resultStatus()).as(c + " is F or U, never S").isNotEqualTo(ResultStatus.S);
        }
        assertThat(ErrorCode.UPSTREAM_CONNECT_FAILED.resultStatus())
                .as("nothing was written")
                .isEqualTo(ResultStatus.F);
        assertThat(ErrorCode.UPSTREAM_TIMEOUT.resultStatus())
                .as("may have executed")
                .isEqualTo(ResultStatus.U);
        assertThat(ErrorCode.RESPONSE_SIGNATURE_INVALID.resultStatus()).isEqualTo(ResultStatus.U);
    }

    @Test
    void gatewayExceptionIsStacklessUnlessItHasACause() {
        assertThat(new GatewayException(ErrorCode.INVALID_REQUEST, "x").getStackTrace())
                .isEmpty();
        assertThat(new GatewayException(ErrorCode.INTERNAL, "x", new RuntimeException()).getStackTrace())
                .isNotEmpty();
    }
}
