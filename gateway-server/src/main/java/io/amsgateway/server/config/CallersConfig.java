package io.amsgateway.server.config;

import java.util.List;
import java.util.Locale;

/**
 * {@code gateway.callers}: who may call, and what for.
 *
 * @param mode whether refusals are enforced or only reported
 * @param rules the caller rules, in configuration order; empty means no caller policy
 * @param tokens bearer tokens, by name, as SHA-256 hashes (inline ones, then those of {@code tokens-file})
 */
public record CallersConfig(Mode mode, List<Rule> rules, List<Token> tokens) {
    public CallersConfig {
        rules = List.copyOf(rules);
        tokens = List.copyOf(tokens);
    }

    /** No rules, no tokens, enforcing. */
    public static final CallersConfig NONE = new CallersConfig(Mode.ENFORCE, List.of(), List.of());

    /** {@code gateway.callers.mode}. */
    public enum Mode {
        /** A call that no rule allows is refused. */
        ENFORCE,
        /** A call that no rule allows is let through, logged and counted as "would be refused". */
        REPORT;

        /** Parses {@code enforce | report}, any case. */
        public static Mode parse(String s) {
            return ListenerTlsConfig.parseEnum(Mode.class, s, "enforce, report");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One entry of {@code gateway.callers.rules}.
     *
     * @param caller an identity, or a pattern where {@code *} stands for any run of characters
     * @param profiles profile names, or {@code *} for every profile
     * @param apis API paths below the version segment (e.g. {@code payments/inquiryPayment}), or
     *     patterns such as {@code payments/inquiry*}; {@code *} for every API
     * @param key where the rule is written, e.g. {@code gateway.callers.rules[0]}, for messages
     */
    public record Rule(String caller, List<String> profiles, List<String> apis, String key) {
        public Rule {
            profiles = List.copyOf(profiles);
            apis = List.copyOf(apis);
        }
    }

    /**
     * A bearer token's name and the SHA-256 of its UTF-8 bytes (the token itself is never configured).
     *
     * @param name the caller's name; its identity is {@code token:<name>}
     * @param sha256 32 bytes
     * @param key where it is written (a config key, or {@code file:line}), for messages
     */
    public record Token(String name, byte[] sha256, String key) {
        public Token {
            if (sha256.length != 32) {
                throw new IllegalArgumentException("a SHA-256 hash has 32 bytes");
            }
            sha256 = sha256.clone();
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Token t
                    && t.name.equals(name)
                    && java.util.Arrays.equals(t.sha256, sha256)
                    && t.key.equals(key);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return "Token[" + name + " at " + key + "]";
        }
    }
}
