package io.amsgateway.core.vault;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds Vault API paths from mounts and secret paths, percent-encoding each segment. */
final class VaultPaths {
    private VaultPaths() {}

    /** Checks a mount: non-empty segments, none of them {@code .} or {@code ..}. */
    static String checkMount(String mount) {
        encode(mount, "mount");
        return mount;
    }

    /**
     * Joins {@code parts} with {@code /}, each part split on {@code /} into segments that are
     * percent-encoded; empty segments (a leading or trailing slash) are dropped.
     *
     * @throws IllegalArgumentException for an empty part or a {@code .} or {@code ..} segment
     */
    static String join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            sb.append('/').append(encode(part, "path"));
        }
        return sb.toString();
    }

    private static String encode(String part, String what) {
        StringBuilder sb = new StringBuilder();
        for (String segment : part.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("Vault " + what + " has a '" + segment + "' segment: " + part);
            }
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        if (sb.length() == 0) {
            throw new IllegalArgumentException("Vault " + what + " is empty");
        }
        return sb.toString();
    }
}
