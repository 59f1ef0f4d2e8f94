package io.amsgateway.server.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Maps request paths to a bounded set of {@code api} label values.
 *
 * <p>{@code /ams/api/v1/payments/pay} and {@code /ams/sandbox/api/v1/payments/pay} both become
 * {@code payments/pay}; the query string is ignored; anything else becomes {@value #OTHER}. The
 * path shape alone does not bound cardinality (a caller may invent {@code /ams/api/v1/a/b}), so
 * {@link #bounded(String)} also caps the number of distinct values one instance hands out.
 *
 * <p>Thread-safe.
 */
public final class ApiLabels {
    /** The label value for paths outside the AMS API shape, and for values past the cap. */
    public static final String OTHER = "other";

    private static final Pattern API_PATH = Pattern.compile("^/ams/(?:sandbox/)?api/v\\d+/([A-Za-z]+/[A-Za-z]+)$");

    private final int maxValues;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiLabels.class);

    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile boolean full;

    /** A cap of {@code maxValues} distinct {@code (profile, api)} pairs, {@value #OTHER} not included. */
    public ApiLabels(int maxValues) {
        if (maxValues < 1) {
            throw new IllegalArgumentException("maxValues must be positive: " + maxValues);
        }
        this.maxValues = maxValues;
    }

    /**
     * The label for {@code path}: {@code resource/action} for an AMS API path, else {@value
     * #OTHER}. Pure; compute it once per request.
     */
    public static String of(String path) {
        int query = path.indexOf('?');
        String p = query >= 0 ? path.substring(0, query) : path;
        var m = API_PATH.matcher(p);
        return m.matches() ? m.group(1) : OTHER;
    }

    /**
     * {@code label} if {@code (profile, label)} is already known or the cap is not reached, else
     * {@value #OTHER}. The cap is shared by all profiles and may be exceeded by a few pairs under a
     * race; it is a guard, not an exact count. Reaching it is logged once.
     */
    public String bounded(String profile, String label) {
        if (label.equals(OTHER)) {
            return label;
        }
        String pair = profile + '\u0000' + label;
        if (seen.contains(pair)) {
            return label;
        }
        if (seen.size() >= maxValues) {
            if (!full) {
                full = true;
                log.warn(
                        "{} distinct (profile, api) metric labels reached; further API names are counted as api=\"{}\"",
                        maxValues,
                        OTHER);
            }
            return OTHER;
        }
        seen.add(pair);
        return label;
    }
}
