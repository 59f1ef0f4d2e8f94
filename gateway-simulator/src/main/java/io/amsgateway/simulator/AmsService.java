package io.amsgateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amsgateway.core.crypto.RsaAes;
import io.amsgateway.core.protocol.AlipayResult;
import io.amsgateway.core.protocol.EncryptedMessages;
import io.amsgateway.core.protocol.MalformedMessageException;
import io.amsgateway.simulator.ams.AmsApi;
import io.amsgateway.simulator.ams.ResultCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One AMS exchange without Netty: check the request, run the operation, pick the fault, then
 * encrypt and sign the answer. Thread-safe; CPU work only (one verification, one signature).
 *
 * <p>Faults apply after the operation ran, as when an answer is lost on its way back: the state
 * changes, the merchant does not learn it. The global {@link FaultSwitch} wins over a magic id; a
 * magic id is read from {@code paymentRequestId} of pay and {@code refundRequestId} of refund only,
 * so inquiries about a faulted payment answer normally.
 */
final class AmsService {
    /** {@code /ams/api/v<N>/<operation>} or {@code /ams/sandbox/api/v<N>/<operation>}: every API version. */
    private static final java.util.regex.Pattern AMS_PATH =
            java.util.regex.Pattern.compile("/ams/(?:sandbox/)?api/v[0-9]{1,4}/(.+)");

    static final String JSON_UTF8 = "application/json; charset=UTF-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestChecker checker;
    private final AmsApi api;
    private final ResponseSigner signer;
    private final FaultSwitch faults;
    private final boolean signErrors;
    private final SecureRandom random = new SecureRandom();
    private final SimulatorStats stats;

    AmsService(
            RequestChecker checker,
            AmsApi api,
            ResponseSigner signer,
            FaultSwitch faults,
            boolean signErrors,
            SimulatorStats stats) {
        this.checker = checker;
        this.api = api;
        this.signer = signer;
        this.faults = faults;
        this.signErrors = signErrors;
        this.stats = stats;
    }

    Reply handle(InboundRequest in) {
        stats.requests.increment();
        stats.headerNames.addAll(in.headerNames());
        Fault fault = faults.next();
        CheckedRequest checked;
        try {
            checked = checker.check(in);
        } catch (AmsRejection r) {
            stats.rejected.increment();
            // Answers to API-key calls are never signed.
            boolean sign = signErrors && in.authorization() == null;
            return render(in, in.clientId(), r.result().toJsonBytes(), null, fault, sign);
        }
        if (checked.apiKey()) {
            stats.acceptedByApiKey.increment();
        } else {
            stats.accepted(checked.keyVersion(), String.valueOf(in.requestTime()));
        }
        String operation = operation(in.target());
        JsonNode body;
        try {
            body = JSON.readTree(checked.body());
        } catch (IOException e) {
            body = null;
        }
        ObjectNode answer;
        if (body == null || !body.isObject()) {
            answer = ResultCodes.body(ResultCodes.PARAM_ILLEGAL);
        } else {
            if (fault == null) {
                fault = Fault.fromMagicId(magicId(operation, body));
            }
            answer = api.handle(operation == null ? "" : operation, checked.clientId(), body);
        }
        if (fault != null && fault.mode() == FaultMode.PROCESSING) {
            answer = processing(operation, answer);
        }
        return render(in, checked.clientId(), bytes(answer), checked.encryptResponseFor(), fault, !checked.apiKey());
    }

    private Reply render(
            InboundRequest in,
            @Nullable String clientId,
            byte[] json,
            @Nullable PublicKey encryptFor,
            @Nullable Fault fault,
            boolean sign) {
        Map<String, String> headers = new LinkedHashMap<>();
        FaultMode mode = fault == null ? null : fault.mode();
        if (mode == FaultMode.HTTP_5XX) {
            headers.put("content-type", "text/plain; charset=UTF-8");
            byte[] text = ("simulated HTTP " + fault.httpStatus() + "\n").getBytes(StandardCharsets.US_ASCII);
            return new Reply(fault.httpStatus(), text, headers, null);
        }
        byte[] body = json;
        if (encryptFor != null) {
            EncryptedMessages.Encrypted enc = EncryptedMessages.encrypt(json, encryptFor, 256, random);
            body = enc.body();
            headers.put("content-type", RsaAes.CONTENT_TYPE);
            headers.put("encrypt", enc.encryptHeader());
        } else {
            headers.put("content-type", JSON_UTF8);
        }
        if (sign && clientId != null) {
            try {
                signer.sign(
                        in.target(),
                        clientId,
                        body,
                        headers,
                        "response-time",
                        mode == FaultMode.BAD_SIGNATURE,
                        mode == FaultMode.NO_SIGNATURE);
            } catch (MalformedMessageException unsignable) {
                // A target or client id that cannot be part of signed content: answered unsigned.
                headers.remove("client-id");
            }
        }
        boolean transport = mode == FaultMode.DELAY || mode == FaultMode.RESET || mode == FaultMode.SLOW_BODY;
        return new Reply(200, body, headers, transport ? fault : null);
    }

    /**
     * The operation after the production or sandbox prefix and the API version ({@code v1}, {@code
     * v2}, ...: the simulator serves its operations under every version), without the query, or null.
     */
    static @Nullable String operation(String target) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        java.util.regex.Matcher m = AMS_PATH.matcher(path);
        return m.matches() ? m.group(1) : null;
    }

    private static @Nullable String magicId(@Nullable String operation, JsonNode body) {
        String field = "payments/pay".equals(operation)
                ? "paymentRequestId"
                : "payments/refund".equals(operation) ? "refundRequestId" : null;
        JsonNode id = field == null ? null : body.get(field);
        return id != null && id.isTextual() ? id.asText() : null;
    }

    /** The processing fault: pay answers PAYMENT_IN_PROCESS, anything else UNKNOWN_EXCEPTION. */
    private static ObjectNode processing(@Nullable String operation, ObjectNode answer) {
        AlipayResult u =
                "payments/pay".equals(operation) ? ResultCodes.PAYMENT_IN_PROCESS : ResultCodes.UNKNOWN_EXCEPTION;
        ObjectNode out = ResultCodes.body(u);
        if (answer.has("paymentRequestId")) {
            out.set("paymentRequestId", answer.get("paymentRequestId"));
        }
        return out;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing a tree to memory", e);
        }
    }
}
