package io.amsgateway.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import org.junit.jupiter.api.Test;

class ApiPathsTest {
    @Test
    void routes() {
        assertThatCode(() -> ApiPaths.checkRoute("POST", "/ams/api/v1/payments/pay"))
                .doesNotThrowAnyException();
        assertThatCode(() -> ApiPaths.checkRoute("POST", "/ams/sandbox/api/v1/payments/pay"))
                .doesNotThrowAnyException();
        assertThat(code("GET", "/ams/api/v1/payments/pay")).isEqualTo(ErrorCode.METHOD_NOT_SUPPORTED);
        assertThat(code("POST", "/metrics")).isEqualTo(ErrorCode.ROUTE_NOT_FOUND);
        assertThat(code("GET", "/")).as("unknown path wins over method").isEqualTo(ErrorCode.ROUTE_NOT_FOUND);
        assertThat(code("POST", "/ams/api/v1/pay\u00e9")).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void onlyThePlainAmsFormIsProxied() {
        for (String uri : new String[] {
            "/ams/api/../../x",
            "/ams/api/v1/%2e%2e/payments/pay",
            "/ams/api/v1/payments%2Fpay",
            "/ams/api/v1/payments%5cpay",
            "/ams/api/v1/payments\\pay",
            "/ams/api/v1/payments/pay;x=1",
            "/ams/api/v1/payments/pay#f",
            "/ams/api//v1/payments/pay",
            "/ams/api/v1/payments/pay?lang=en",
            "/ams/api/v1/payments/pay?"
        }) {
            assertThat(code("POST", uri)).as(uri).isEqualTo(ErrorCode.INVALID_REQUEST);
        }
    }

    private static ErrorCode code(String method, String uri) {
        try {
            ApiPaths.checkRoute(method, uri);
            return null;
        } catch (GatewayException e) {
            return e.code();
        }
    }
}
