package io.amsgateway.simulator.ams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The simulated AMS operations, by path suffix after {@code /ams/api/v1/} (or the sandbox
 * {@code /ams/sandbox/api/v1/}): {@code payments/pay}, {@code payments/inquiryPayment}, {@code
 * payments/cancel}, {@code payments/refund}, {@code payments/inquiryRefund} and {@code
 * payments/consult}.
 *
 * <p>Input is a verified, decrypted JSON body; output is the JSON body to sign. An unknown
 * operation is answered {@code NO_INTERFACE_DEF}. Thread-safe.
 */
public final class AmsApi {
    private final PaymentOperations payments;
    private final RefundOperations refunds;
    private final Map<String, BiFunction<String, JsonNode, ObjectNode>> operations;

    /** An API over {@code store}, telling {@code listener} about finished payments. */
    public AmsApi(PaymentStore store, PaymentListener listener, Clock clock) {
        IdGenerator ids = new IdGenerator(clock);
        this.payments = new PaymentOperations(store, listener, ids, clock);
        this.refunds = new RefundOperations(store, ids, clock);
        this.operations = Map.of(
                "payments/pay", payments::pay,
                "payments/inquiryPayment", payments::inquiry,
                "payments/cancel", payments::cancel,
                "payments/refund", refunds::refund,
                "payments/inquiryRefund", refunds::inquiry,
                "payments/consult", (clientId, body) -> consult());
    }

    /** Whether {@code operation} (e.g. {@code payments/pay}) is simulated. */
    public boolean knows(String operation) {
        return operations.containsKey(operation);
    }

    /** Runs an operation for {@code clientId}. */
    public ObjectNode handle(String operation, String clientId, JsonNode body) {
        var op = operations.get(operation);
        if (op == null) {
            return ResultCodes.body(ResultCodes.NO_INTERFACE_DEF);
        }
        if (!body.isObject()) {
            return ResultCodes.body(ResultCodes.PARAM_ILLEGAL);
        }
        return op.apply(clientId, body);
    }

    /** A static list of payment options, shaped as consult answers. */
    private static ObjectNode consult() {
        ObjectNode out = ResultCodes.body(ResultCodes.SUCCESS);
        ArrayNode options = out.putArray("paymentOptions");
        option(options, "ALIPAY_CN", "WALLET", "CN");
        option(options, "ALIPAY_HK", "WALLET", "HK");
        option(options, "GCASH", "WALLET", "PH");
        option(options, "CARD", "CARD", null);
        return out;
    }

    private static void option(ArrayNode options, String type, String category, @Nullable String region) {
        ObjectNode o = options.addObject();
        o.put("paymentMethodType", type);
        o.put("paymentMethodCategory", category);
        o.put("enabled", true);
        o.put("preferred", false);
        ObjectNode logo = o.putObject("logo");
        logo.put("logoName", type);
        logo.put(
                "logoUrl",
                "https://gw.alipayobjects.com/simulator/" + type.toLowerCase(java.util.Locale.ROOT) + ".png");
        if (region != null) {
            o.putArray("paymentMethodRegion").add(region);
        }
    }

    /** Reads an optional text field; blank or non-text values count as absent. */
    static @Nullable String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    /** Whether an id is usable as an AMS request id (1 to 64 characters). */
    static boolean validId(@Nullable String id) {
        return id != null && id.length() <= 64;
    }
}
