package io.amsgateway.simulator.ams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * An AMS amount: {@code {"currency":"USD","value":"1000"}}, the value in minor units as a string
 * of digits (Alipay's representation).
 *
 * @param currency ISO 4217 code as received
 * @param value amount in minor units, not negative
 */
public record Money(String currency, long value) {
    private static final int MAX_DIGITS = 16;

    /** Parses an amount object, or returns null when it is absent or malformed. */
    public static @Nullable Money parse(@Nullable JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode currency = node.get("currency");
        JsonNode value = node.get("value");
        if (currency == null || !currency.isTextual() || currency.asText().isEmpty()) {
            return null;
        }
        if (value == null || !(value.isTextual() || value.isIntegralNumber())) {
            return null;
        }
        String digits = value.asText();
        if (digits.isEmpty() || digits.length() > MAX_DIGITS || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return new Money(currency.asText(), Long.parseLong(digits));
    }

    /** Adds {@code "currency"} and {@code "value"} (as a string) to {@code target}. */
    public ObjectNode writeTo(ObjectNode target) {
        target.put("currency", currency);
        target.put("value", Long.toString(value));
        return target;
    }
}
