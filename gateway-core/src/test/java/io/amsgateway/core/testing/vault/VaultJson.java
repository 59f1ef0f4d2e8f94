package io.amsgateway.core.testing.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The JSON shapes Vault answers with: the response envelope, error bodies, times and durations. */
final class VaultJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd]?)");

    private VaultJson() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code {"errors":[...]}}, Vault's body for every error status. */
    static ObjectNode errors(String... messages) {
        ObjectNode node = object();
        ArrayNode list = node.putArray("errors");
        for (String m : messages) {
            list.add(m);
        }
        return node;
    }

    /** Vault's response envelope around {@code data} (a secret or key) or {@code auth} (a login). */
    static ObjectNode envelope(@Nullable JsonNode data, @Nullable JsonNode auth) {
        ObjectNode node = object();
        node.put("request_id", UUID.randomUUID().toString());
        node.put("lease_id", "");
        node.put("renewable", false);
        node.put("lease_duration", 0);
        node.set("data", data == null ? NullNode.getInstance() : data);
        node.putNull("wrap_info");
        node.putNull("warnings");
        node.set("auth", auth == null ? NullNode.getInstance() : auth);
        return node;
    }

    static ObjectNode data(JsonNode data) {
        return envelope(data, null);
    }

    /** RFC 3339 with nanoseconds, as Vault's Go {@code time.Time} prints in UTC. */
    static String time(Instant instant) {
        return instant.toString();
    }

    /** A public key as PKIX PEM, the form Transit's {@code keys/<name>} read answers with. */
    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /**
     * A Vault duration parameter in seconds: a number or a string such as {@code "3600"}, {@code
     * "90s"}, {@code "30m"}, {@code "1h"}; -1 when absent, -2 when malformed.
     */
    static long seconds(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return -1;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        Matcher m = DURATION.matcher(node.asText().trim());
        if (!m.matches()) {
            return -2;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> n * 60;
            case "h" -> n * 3600;
            case "d" -> n * 86400;
            default -> n;
        };
    }

    /** An integer body field that Vault also accepts as a string ({@code "2"}); {@code dflt} when absent. */
    static int integer(JsonNode body, String field, int dflt) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isEmpty())) {
            return dflt;
        }
        if (n.isTextual()) {
            return Integer.parseInt(n.asText().trim());
        }
        return n.asInt();
    }

    static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? "" : n.asText();
    }
}
