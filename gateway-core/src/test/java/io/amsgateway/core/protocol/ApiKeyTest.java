package io.amsgateway.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ApiKeyTest {
    static String b64(String clientId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(clientId.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsKindEnvironmentAndClientIdAndNeverShowsTheKey() {
        ApiKey k = ApiKey.parse(" isak_TEST_" + b64("SANDBOX_5Y01") + "_s3cr3t-XY \n", "SANDBOX_5Y01");
        assertThat(k.kind()).isEqualTo("isak");
        assertThat(k.test()).isTrue();
        assertThat(k.clientId()).isEqualTo("SANDBOX_5Y01");
        assertThat(k.authorization()).isEqualTo("Bearer isak_TEST_" + b64("SANDBOX_5Y01") + "_s3cr3t-XY");
        assertThat(k.toString()).isEqualTo("ApiKey[isak_TEST, SANDBOX_5Y01]").doesNotContain("s3cr3t");
        ApiKey prod = ApiKey.parse("irak_PROD_" + b64("5Y01") + "_abc", "5Y01");
        assertThat(prod.test()).isFalse();
        assertThat(prod.environment()).isEqualTo("PROD");
    }

    @Test
    void aClientIdWhoseBase64HoldsAnUnderscoreStillMatches() {
        // The UTF-8 bytes of "\u00ff\u00ff" encode with a '_' in base64url.
        String clientId = "a\u00ff\u00ffb";
        String encoded = b64(clientId);
        assertThat(encoded).contains("_");
        assertThat(ApiKey.parse("isak_TEST_" + encoded + "_secret", clientId).clientId())
                .isEqualTo(clientId);
    }

    @Test
    void badKeysAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> ApiKey.parse("isak_TEST_" + b64("OTHER") + "_s3cr3t", "SANDBOX_5Y01"))
                .hasMessageContaining("another client id than SANDBOX_5Y01")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> ApiKey.parse("isak_DEV_" + b64("X") + "_s3cr3t", "X"))
                .hasMessageStartingWith("not an API key")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> ApiKey.parse("isak_TEST_" + b64("X") + "_", "X"))
                .hasMessageStartingWith("not an API key");
        assertThatThrownBy(() -> ApiKey.parse("isak_TEST_" + b64("X") + "_a b", "X"))
                .hasMessageStartingWith("not an API key");
        assertThatThrownBy(() -> ApiKey.parse("Bearer isak_TEST_" + b64("X") + "_s3cr3t", "X"))
                .hasMessageStartingWith("not an API key")
                .hasMessageNotContaining("s3cr3t");
    }
}
