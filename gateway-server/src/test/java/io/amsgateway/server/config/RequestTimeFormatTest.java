package io.amsgateway.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.protocol.RequestTimes;
import org.junit.jupiter.api.Test;

class RequestTimeFormatTest {
    @Test
    void epochMillisAndRfc3339WithMillisecondsInUtc() {
        assertThat(RequestTimeFormat.EPOCH_MILLIS.format(1554350936253L)).isEqualTo("1554350936253");
        assertThat(RequestTimeFormat.RFC3339.format(1554350936253L)).isEqualTo("2019-04-04T04:08:56.253Z");
        assertThat(RequestTimeFormat.RFC3339.format(1554350936005L))
                .as("always three digits of milliseconds")
                .isEqualTo("2019-04-04T04:08:56.005Z");
        assertThat(RequestTimes.epochMillis(RequestTimeFormat.RFC3339.format(1554350936005L)))
                .as("read back as Alipay reads it")
                .hasValue(1554350936005L);
    }

    @Test
    void parsesTheConfigurationSpellingOnly() {
        assertThat(RequestTimeFormat.parse(" RFC3339 ")).isEqualTo(RequestTimeFormat.RFC3339);
        assertThat(RequestTimeFormat.parse("epoch-millis")).isEqualTo(RequestTimeFormat.EPOCH_MILLIS);
        assertThatThrownBy(() -> RequestTimeFormat.parse("epoch_millis")).hasMessage("must be epoch-millis or rfc3339");
        assertThat(AuthMode.parse("api-key")).isEqualTo(AuthMode.API_KEY);
        assertThatThrownBy(() -> AuthMode.parse("apikey")).hasMessage("must be rsa-signature or api-key");
    }
}
