package io.amsgateway.server.metrics;

import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.ResultStatus;
import java.util.concurrent.TimeUnit;

/** Test fixture: metrics with one of everything recorded, so a scrape shows every series. */
public final class SampleMetrics {
    private SampleMetrics() {}

    /** Profile {@code client-a}: one S call, one timed-out call, a bad signature, a pool. */
    public static GatewayMetrics populated() {
        GatewayMetrics m = new GatewayMetrics("1.2.3");
        m.cryptoProvider("accp");
        m.transport("epoll");
        m.readiness(() -> true);
        m.calls().registerPoolGauges("client-a", () -> 3, () -> 2, () -> 1);
        m.calls().registerConnectFailures("client-a", () -> java.util.Map.of("handshake_timeout", 2L));
        m.calls().callStarted();
        m.calls().recordCall("client-a", "payments/pay", ResultStatus.S, ms(12), ms(9));
        m.calls().recordCallError("client-a", "payments/pay", ErrorCode.UPSTREAM_TIMEOUT, ms(5000), ms(4999));
        m.calls().recordError(ErrorCode.UNKNOWN_CLIENT);
        m.calls().observeSign("client-a", TimeUnit.MICROSECONDS.toNanos(212));
        m.calls().observeVerify("client-a", TimeUnit.MICROSECONDS.toNanos(13));
        m.calls().recordVerificationFailure("client-a", VerificationException.Reason.BAD_SIGNATURE);
        return m;
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
