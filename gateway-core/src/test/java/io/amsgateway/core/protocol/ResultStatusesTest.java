package io.amsgateway.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultStatusesTest {
    @Test
    void resultStatusIsReadWithoutChangingTheBody() {
        assertThat(ResultStatuses.of(
                        "{\"x\":{\"resultStatus\":\"F\"},\"result\":{\"resultCode\":\"A\",\"resultStatus\":\"U\"}}"
                                .getBytes()))
                .isEqualTo("U");
        assertThat(ResultStatuses.of("{\"result\":{\"resultStatus\":\"X\"}}".getBytes()))
                .isEqualTo("?");
        assertThat(ResultStatuses.of("not json".getBytes())).isEqualTo("?");
    }
}
