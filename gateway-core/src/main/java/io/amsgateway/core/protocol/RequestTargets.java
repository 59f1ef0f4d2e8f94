package io.amsgateway.core.protocol;

/**
 * The rule a request-target must meet to be signed (docs/protocol.md, "Content to sign"): not
 * empty, and only printable ASCII without spaces, because it is signed exactly as sent, never
 * decoded or normalised. {@link SignContent} applies it when signing; the gateway applies it to a
 * caller's path before doing any work.
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
}
