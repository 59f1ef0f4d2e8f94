package io.amsgateway.core.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The rule a request-target must meet to be signed (docs/protocol.md, "Content to sign"): it is
 * signed exactly as sent, never decoded or normalised, so only the plain form is accepted, the one
 * every server on the way reads the same: origin-form ({@code /path} or {@code /path?query}),
 * printable ASCII without spaces, and a path without anything another parser could resolve
 * differently. Refused: a target that does not start with {@code /} (absolute-form {@code
 * http://host/...}, authority-form, {@code *}); a fragment ({@code #}); in the path, a dot-segment
 * ({@code .} or {@code ..}), an empty segment ({@code //}), a backslash, {@code ;} parameters, a
 * percent-encoded dot, slash or backslash ({@code %2e}, {@code %2f}, {@code %5c}, any case) and a
 * malformed percent-escape. The query, when there is one, is only held to the character rule.
 *
 * <p>{@link SignContent#build} applies it to everything signed; the gateway applies it to a
 * caller's request-target before doing any work. What is received and verified ({@link
 * SignContent#received}) is held to the character rule only: a signature over any other target
 * does not verify. Stateless.
 */
public final class RequestTargets {
    private RequestTargets() {}

    /** The index of the first character that cannot be signed (space, control, non-ASCII), or -1. */
    public static int firstUnsignable(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Why {@code target} is not a plain request-target, or null when it is one (see the class
     * comment). The reason names the rule, never the target itself.
     */
    public static @Nullable String problem(String target) {
        if (target.isEmpty()) {
            return "request-target is empty";
        }
        int bad = firstUnsignable(target);
        if (bad >= 0) {
            return "request-target has a space, control or non-ASCII character at index " + bad;
        }
        if (target.charAt(0) != '/') {
            return "request-target must be a path starting with '/' (no absolute-form or authority-form)";
        }
        if (target.indexOf('#') >= 0) {
            return "request-target has a fragment ('#')";
        }
        int query = target.indexOf('?');
        String path = query >= 0 ? target.substring(0, query) : target;
        if (path.indexOf('\\') >= 0) {
            return "request path has a backslash";
        }
        if (path.indexOf(';') >= 0) {
            return "request path has ';' parameters";
        }
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) != '%') {
                continue;
            }
            if (i + 2 >= path.length() || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0) {
                return "request path has a malformed percent-escape at index " + i;
            }
            int b = hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2));
            if (b == '.' || b == '/' || b == '\\') {
                return "request path has a percent-encoded dot, slash or backslash at index " + i;
            }
        }
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            if (segment.equals(".") || segment.equals("..")) {
                return "request path has a dot-segment ('.' or '..')";
            }
            if (segment.isEmpty() && end < path.length()) {
                return "request path has an empty segment ('//')";
            }
            start = end + 1;
        }
        return null;
    }

    /** Whether {@code target} has a query ({@code ?...}, even an empty one). */
    public static boolean hasQuery(String target) {
        return target.indexOf('?') >= 0;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
