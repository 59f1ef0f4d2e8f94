package io.amsgateway.core.protocol;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The sandbox path rewrite (docs/protocol.md, "Endpoints and sandbox paths"): for a sandbox client, {@code /ams/api/...} becomes
 * {@code /ams/sandbox/api/...} before signing, so the signed request-target is the sandbox path.
 *
 * <p>The official SDKs decide by the {@code SANDBOX_} client-id prefix and replace the first
 * {@code /ams/api} anywhere in the path. This class rewrites only a path that starts with
 * {@code /ams/api/}, which is every AMS path, so a path that is already a sandbox path or is
 * something else is left alone. Paths under one of {@link #productionOnlyPrefixes} (in-store
 * payments use the production path even in the sandbox) are not rewritten; the SDK's list is
 * empty as of 2.2.8.
 *
 * @param mode when to rewrite
 * @param productionOnlyPrefixes path prefixes that stay production paths in the sandbox
 */
public record SandboxRewrite(Mode mode, List<String> productionOnlyPrefixes) {
    /** The client-id prefix that marks a sandbox client. */
    public static final String SANDBOX_PREFIX = "SANDBOX_";

    private static final String PRODUCTION = "/ams/api/";
    private static final String SANDBOX = "/ams/sandbox/api/";

    /** When the rewrite applies. */
    public enum Mode {
        /** When the client id starts with {@code SANDBOX_} (what the SDKs do). */
        AUTO,
        /** Always. */
        ALWAYS,
        /** Never. */
        NEVER;

        /** Parses {@code auto|always|never}, ignoring case. */
        public static Mode parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sandbox mode must be one of auto, always, never");
            }
        }
    }

    /** The SDK's behaviour: by client-id prefix, no exemptions. */
    public static final SandboxRewrite DEFAULT = new SandboxRewrite(Mode.AUTO, List.of());

    public SandboxRewrite {
        Objects.requireNonNull(mode, "mode");
        productionOnlyPrefixes = List.copyOf(productionOnlyPrefixes);
    }

    /** Whether calls for {@code clientId} go to the sandbox. */
    public boolean isSandbox(String clientId) {
        return switch (mode) {
            case AUTO -> clientId.startsWith(SANDBOX_PREFIX);
            case ALWAYS -> true;
            case NEVER -> false;
        };
    }

    /** The request-target to send and sign for {@code clientId}. */
    public String apply(String clientId, String requestTarget) {
        if (!isSandbox(clientId) || !requestTarget.startsWith(PRODUCTION)) {
            return requestTarget;
        }
        for (String prefix : productionOnlyPrefixes) {
            if (requestTarget.startsWith(prefix)) {
                return requestTarget;
            }
        }
        return SANDBOX + requestTarget.substring(PRODUCTION.length());
    }
}
