package io.amsgateway.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnverifiedAlipayResultTest {
    private static UnverifiedAlipayResult parse(String json) {
        return UnverifiedAlipayResult.parse(json.getBytes(StandardCharsets.UTF_8))
                .orElse(null);
    }

    @Test
    void readsOnlyTheThreeResultFieldsOfAnFOrUResult() {
        UnverifiedAlipayResult r = parse("{\"extra\":{\"card\":\"4111\"},\"result\":{\"resultStatus\":\"F\","
                + "\"resultCode\":\"KEY_NOT_FOUND\",\"resultMessage\":\"not found\",\"more\":[1]}}");
        assertThat(r).isEqualTo(new UnverifiedAlipayResult("KEY_NOT_FOUND", "F", "not found"));
        assertThat(parse("{\"result\":{\"resultStatus\":\"U\",\"resultCode\":\"UNKNOWN_EXCEPTION\"}}"))
                .isEqualTo(new UnverifiedAlipayResult("UNKNOWN_EXCEPTION", "U", ""));
    }

    @Test
    void anSResultAnythingUnreadableOrHugeIsNotShown() {
        assertThat(parse("{\"result\":{\"resultStatus\":\"S\",\"resultCode\":\"SUCCESS\"}}"))
                .isNull();
        assertThat(parse("{\"result\":{\"resultStatus\":\"F\"}}")).as("no code").isNull();
        assertThat(parse("{\"result\":{\"resultStatus\":\"F\",\"resultCode\":7}}"))
                .isNull();
        assertThat(parse("{\"result\":{\"resultStatus\":\"F\",\"resultCode\":\"\\u0007\"}}"))
                .as("nothing left after sanitizing")
                .isNull();
        assertThat(parse("not json")).isNull();
        assertThat(parse("[1]")).isNull();
        assertThat(parse("{\"result\":{\"resultStatus\":\"F\",\"resultCode\":\"X\""))
                .isNull();
        assertThat(UnverifiedAlipayResult.parse(null)).isEmpty();
        String pad = " ".repeat(UnverifiedAlipayResult.MAX_BODY);
        assertThat(parse("{\"result\":{\"resultStatus\":\"F\",\"resultCode\":\"X\"}}" + pad))
                .isNull();
    }

    @Test
    void controlCharactersAreStrippedAndValuesCapped() {
        UnverifiedAlipayResult r = parse("{\"result\":{\"resultStatus\":\"F\",\"resultCode\":\"BAD\\r\\nX-Evil: 1\","
                + "\"resultMessage\":\"" + "m\\u001b[31m\\u202e".repeat(200) + "\"}}");
        assertThat(r.resultCode()).isEqualTo("BADX-Evil: 1");
        assertThat(r.resultMessage())
                .hasSize(UnverifiedAlipayResult.MAX_MESSAGE)
                .doesNotContain("\u001b", "\u202e");
        String longCode = "A".repeat(500);
        assertThat(parse("{\"result\":{\"resultStatus\":\"F\",\"resultCode\":\"" + longCode + "\"}}")
                        .resultCode())
                .hasSize(UnverifiedAlipayResult.MAX_CODE);
    }

    @Test
    void theErrorBodyCarriesItBesideTheGatewaysResult() {
        String body = new String(
                ErrorBodies.render(
                        new io.amsgateway.core.error.GatewayException(
                                io.amsgateway.core.error.ErrorCode.RESPONSE_SIGNATURE_INVALID, "withheld"),
                        new UnverifiedAlipayResult("INVALID_SIGNATURE", "F", "bad \"sig\"")),
                StandardCharsets.UTF_8);
        assertThat(body)
                .isEqualTo("{\"result\":{\"resultCode\":\"GATEWAY_RESPONSE_SIGNATURE_INVALID\",\"resultStatus\":\"U\","
                        + "\"resultMessage\":\"withheld\"},\"unverifiedAlipayResult\":{\"resultCode\":\"INVALID_SIGNATURE\","
                        + "\"resultStatus\":\"F\",\"resultMessage\":\"bad \\\"sig\\\"\"}}");
    }
}
