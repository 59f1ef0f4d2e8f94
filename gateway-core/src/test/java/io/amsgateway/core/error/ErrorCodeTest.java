package io.amsgateway.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorCodeTest {
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
