package io.amsgateway.server.caller;

import io.amsgateway.server.config.CallersConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The configured bearer tokens, held only as SHA-256 hashes. A presented token is hashed and
 * compared with every configured hash in constant time ({@link MessageDigest#isEqual}), without
 * stopping at a match, so the time taken says nothing about which token (if any) matched.
 *
 * <p>Neither the token nor its hash is ever logged or put in a message. Immutable and thread-safe.
 */
public final class BearerTokens {
    /** RFC 6750 {@code b64token}, bounded. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]{1,4096}=*");

    private final List<CallersConfig.Token> tokens;

    public BearerTokens(List<CallersConfig.Token> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** Whether any token is configured. */
    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    /**
     * The name of the token in an {@code Authorization} header value, if it is a well-formed
     * {@code Bearer} credential whose token is configured.
     */
    public Optional<String> nameOf(@Nullable String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String v = authorization.strip();
        if (v.length() < 7 || !v.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = v.substring(7).strip();
        if (!TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        byte[] presented = sha256(token.getBytes(StandardCharsets.US_ASCII));
        String found = null;
        for (CallersConfig.Token t : tokens) {
            // No early exit: every configured hash is compared.
            if (MessageDigest.isEqual(presented, t.sha256()) && found == null) {
                found = t.name();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "BearerTokens[" + tokens.size() + " tokens]";
    }
}
