package io.amsgateway.core.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Antom API key (official Java SDK 3.1.0, {@code ApiKeyAlipayClient}), sent as {@code
 * Authorization: Bearer <key>} instead of a {@code Signature}: {@code
 * (isak|irak)_(TEST|PROD)_<client id, base64url without padding>_<secret>} ({@code isak} standard,
 * {@code irak} restricted). {@code TEST} keys are for the sandbox paths ({@code /ams/sandbox/api/…}),
 * {@code PROD} keys for the production paths ({@code /ams/api/…}).
 *
 * <p>{@link #toString()} never shows the key; neither does any message of {@link #parse}. Only
 * {@link #authorization()} does, for the one header it goes in. Immutable.
 */
public final class ApiKey {
    private static final Pattern GRAMMAR = Pattern.compile("(isak|irak)_(TEST|PROD)_([A-Za-z0-9_-]+)_([\\x21-\\x7e]+)");

    private final String kind;
    private final boolean test;
    private final String clientId;
    private final String value;

    private ApiKey(String kind, boolean test, String clientId, String value) {
        this.kind = kind;
        this.test = test;
        this.clientId = clientId;
        this.value = value;
    }

    /**
     * Reads an API key and checks it belongs to {@code expectedClientId}.
     *
     * @param text the key, surrounding white space ignored
     * @throws IllegalArgumentException when it does not follow the grammar or names another client
     *     id; the message never contains any part of the key
     */
    public static ApiKey parse(String text, String expectedClientId) {
        Objects.requireNonNull(expectedClientId, "expectedClientId");
        String t = text.strip();
        // The client id part is base64url and may itself contain '_': try each split of the middle.
        Matcher m = GRAMMAR.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not an API key: expected (isak|irak)_(TEST|PROD)_<base64url client id>_<secret>");
        }
        String kind = m.group(1);
        boolean test = "TEST".equals(m.group(2));
        String rest = t.substring(kind.length() + 1 + m.group(2).length() + 1);
        String encoded = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(expectedClientId.getBytes(StandardCharsets.UTF_8));
        if (!rest.startsWith(encoded + "_") || rest.length() == encoded.length() + 1) {
            throw new IllegalArgumentException("the API key belongs to another client id than " + expectedClientId
                    + " (its base64url part must decode to the profile's client id)");
        }
        return new ApiKey(kind, test, expectedClientId, t);
    }

    /** {@code isak} (standard) or {@code irak} (restricted). */
    public String kind() {
        return kind;
    }

    /** Whether this is a {@code TEST} key (sandbox paths) rather than a {@code PROD} key. */
    public boolean test() {
        return test;
    }

    /** {@code TEST} or {@code PROD}. */
    public String environment() {
        return test ? "TEST" : "PROD";
    }

    /** The client id the key belongs to. */
    public String clientId() {
        return clientId;
    }

    /** The {@code Authorization} header value: {@code Bearer <key>}. */
    public String authorization() {
        return "Bearer " + value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey k && k.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Kind, environment and client id; never the key. */
    @Override
    public String toString() {
        return "ApiKey[" + kind + "_" + environment() + ", " + clientId + "]";
    }
}
