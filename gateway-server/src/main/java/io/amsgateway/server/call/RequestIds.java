package io.amsgateway.server.call;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The request id of every call: the caller's {@code X-Request-Id} when it is sane, else one made
 * here. Sane is 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._:-]}: enough for UUIDs,
 * ULIDs, and the ids of common proxies and meshes (Envoy, nginx, AWS ALB's {@code Root=1-...}
 * does not pass because of {@code =} and is replaced), and nothing that could break a log line, a
 * header or a query in a log store. An insane one is replaced, never trimmed or escaped.
 *
 * <p>A made id is {@code <8 hex digits of this process>-<hex sequence number>}: unique in this
 * process, unlikely to repeat across replicas, and one atomic increment to make. Thread-safe.
 */
public final class RequestIds {
    /** The header a caller may send and always receives. */
    public static final String HEADER = "X-Request-Id";
    /** The longest id taken from a caller. */
    public static final int MAX_LENGTH = 128;

    private static final String INSTANCE = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private RequestIds() {}

    /** {@code fromCaller} when it is sane, else a new id. */
    public static String accept(@Nullable String fromCaller) {
        return isSane(fromCaller) ? fromCaller : next();
    }

    /** A new id, unique in this process. */
    public static String next() {
        return INSTANCE + "-" + Long.toHexString(SEQUENCE.incrementAndGet());
    }

    /** Whether {@code id} is 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._:-]}. */
    public static boolean isSane(@Nullable String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
