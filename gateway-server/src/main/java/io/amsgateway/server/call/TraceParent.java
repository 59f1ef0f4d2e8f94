package io.amsgateway.server.call;

import org.jspecify.annotations.Nullable;

/**
 * A W3C Trace Context {@code traceparent} header
 * (<a href="https://www.w3.org/TR/trace-context/#traceparent-header">the spec</a>), as the gateway
 * accepts it from a caller: {@code version-traceid-parentid-flags} in lower-case hex.
 *
 * <p>{@link #parse} follows the spec's rules: version {@code 00} is exactly 55 characters; a
 * higher version (but never {@code ff}) may be longer if the 56th character is {@code -}, and only
 * its first four fields are read; the trace id (32 hex digits) and parent id (16) must not be all
 * zeros; upper-case hex is invalid. An invalid header is ignored (the call starts a new trace),
 * never an error for the caller. The header is read by the gateway only and never sent to Alipay.
 *
 * @param traceId 32 lower-case hex digits
 * @param parentId the caller's span id, 16 lower-case hex digits
 * @param flags the trace flags (bit 0: sampled)
 */
public record TraceParent(String traceId, String parentId, int flags) {
    /** The header's name. */
    public static final String HEADER = "traceparent";

    private static final int LENGTH = 55;

    /** Whether the caller sampled the trace. */
    public boolean sampled() {
        return (flags & 1) != 0;
    }

    /** The header, or null when {@code header} is null or invalid. */
    public static @Nullable TraceParent parse(@Nullable String header) {
        if (header == null || header.length() < LENGTH) {
            return null;
        }
        String h = header.strip();
        if (h.length() < LENGTH || !isHex(h, 0, 2) || h.startsWith("ff")) {
            return null;
        }
        boolean v0 = h.startsWith("00");
        if (v0 ? h.length() != LENGTH : h.length() > LENGTH && h.charAt(LENGTH) != '-') {
            return null;
        }
        if (h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-') {
            return null;
        }
        if (!isHex(h, 3, 35) || !isHex(h, 36, 52) || !isHex(h, 53, 55)) {
            return null;
        }
        String traceId = h.substring(3, 35);
        String parentId = h.substring(36, 52);
        if (allZero(traceId) || allZero(parentId)) {
            return null;
        }
        return new TraceParent(traceId, parentId, Integer.parseInt(h.substring(53, 55), 16));
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    /** The header for this context (version 00). */
    @Override
    public String toString() {
        return "00-" + traceId + "-" + parentId + "-" + String.format("%02x", flags);
    }
}
