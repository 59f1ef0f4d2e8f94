package io.amsgateway.server.logging;

import io.amsgateway.core.error.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One INFO line per proxied call on the logger {@value #LOGGER_NAME}, with structured fields
 * (SLF4J key-value pairs, top-level JSON fields in {@link JsonEncoder}), written in the call's
 * logging scope, so it carries the call's {@code http.request.id} and {@code trace.id} too:
 *
 * <pre>{@code
 * {"@timestamp":"...","message":"call","log.logger":"io.amsgateway.access",
 *  "process.thread.name":"...","log.level":"INFO","http.request.id":"4f1c9a2e-1a",
 *  "profile":"client-a","api":"payments/pay","httpStatus":200,"resultStatus":"S",
 *  "totalMs":12.345,"upstreamMs":9.87,"keyVersion":1}
 * }</pre>
 *
 * <p>{@code verified} is {@code signature} when Alipay's answer verified and {@code none} on an
 * API-key call (Alipay does not sign those answers); {@code unverifiedAlipayResultCode} is the code
 * of an unsigned error answer from Alipay (see {@code UnverifiedAlipayResult}).
 * {@code upstreamMs}, {@code keyVersion}, {@code resultStatus} and {@code errorCode} are left
 * out when they do not apply. It takes no body, header or key argument by design, so a call line
 * cannot carry one. Turn it off with the logger's level ({@code ams.access.log.level=OFF}).
 *
 * <p>Stateless and thread-safe; when the logger is off a call costs one level check.
 */
public final class AccessLog {
    /** The access logger's name, separate from the diagnostic loggers under {@code io.amsgateway}. */
    public static final String LOGGER_NAME = "io.amsgateway.access";

    private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

    private AccessLog() {}

    /**
     * Logs one proxied call.
     *
     * @param profile the client profile name, or {@code unknown} before routing
     * @param api an {@code apiLabel} value (bounded, never a raw path with a query string)
     * @param httpStatus the status sent to the caller
     * @param resultStatus Alipay's {@code result.resultStatus} (or the error's), if known
     * @param totalNanos the whole call
     * @param upstreamNanos the upstream round trip, or a negative value if nothing was sent
     * @param keyVersion the Alipay key version that verified the response, or a negative value
     * @param error the gateway error, if the gateway answered instead of Alipay
     */
    public static void call(
            String profile,
            String api,
            int httpStatus,
            @Nullable String resultStatus,
            long totalNanos,
            long upstreamNanos,
            int keyVersion,
            @Nullable ErrorCode error) {
        call(profile, api, httpStatus, resultStatus, totalNanos, upstreamNanos, keyVersion, error, null, null);
    }

    /**
     * Logs one proxied call, with how Alipay's answer was authenticated.
     *
     * @param verified {@code signature} or {@code none} (an API-key call: Alipay's answer is not
     *     signed), as in the {@code X-Gateway-Verified} header; null when the caller got no answer of
     *     Alipay's
     * @param unverifiedResultCode the code Alipay gave in an unsigned error answer (unverified,
     *     sanitized), or null
     */
    public static void call(
            String profile,
            String api,
            int httpStatus,
            @Nullable String resultStatus,
            long totalNanos,
            long upstreamNanos,
            int keyVersion,
            @Nullable ErrorCode error,
            @Nullable String verified,
            @Nullable String unverifiedResultCode) {
        if (!log.isInfoEnabled()) {
            return;
        }
        LoggingEventBuilder e = log.atInfo()
                .addKeyValue("profile", profile)
                .addKeyValue("api", api)
                .addKeyValue("httpStatus", httpStatus);
        if (resultStatus != null) {
            e = e.addKeyValue("resultStatus", resultStatus);
        }
        e = e.addKeyValue("totalMs", millis(totalNanos));
        if (upstreamNanos >= 0) {
            e = e.addKeyValue("upstreamMs", millis(upstreamNanos));
        }
        if (keyVersion >= 0) {
            e = e.addKeyValue("keyVersion", keyVersion);
        }
        if (verified != null) {
            e = e.addKeyValue("verified", verified);
        }
        if (error != null) {
            e = e.addKeyValue("errorCode", error.name());
        }
        if (unverifiedResultCode != null) {
            e = e.addKeyValue("unverifiedAlipayResultCode", unverifiedResultCode);
        }
        e.log("call");
    }

    /** Milliseconds rounded to the microsecond. */
    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
