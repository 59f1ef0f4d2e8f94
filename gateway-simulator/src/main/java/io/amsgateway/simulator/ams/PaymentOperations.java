package io.amsgateway.simulator.ams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amsgateway.core.protocol.AlipayResult;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * pay, inquiryPayment and cancel.
 *
 * <p>pay is idempotent by {@code paymentRequestId} (docs/protocol.md, "Idempotency"): a repeat with the same key
 * fields ({@code paymentAmount} and {@code paymentMethod.paymentMethodType}) gets the answer for
 * the payment's current status, which for a final payment is always the same answer; different
 * key fields get {@code REPEAT_REQ_INCONSISTENT}. The outcome is decided by magic amounts:
 * {@value #FAIL_AMOUNT} fails, {@value #PROCESSING_AMOUNT} stays processing, anything else
 * succeeds at once. cancel is allowed only before success.
 */
final class PaymentOperations {
    static final long FAIL_AMOUNT = 9901;
    static final long PROCESSING_AMOUNT = 9902;

    private final PaymentStore store;
    private final PaymentListener listener;
    private final IdGenerator ids;
    private final Clock clock;

    PaymentOperations(PaymentStore store, PaymentListener listener, IdGenerator ids, Clock clock) {
        this.store = store;
        this.listener = listener;
        this.ids = ids;
        this.clock = clock;
    }

    ObjectNode pay(String clientId, JsonNode body) {
        String requestId = AmsApi.text(body, "paymentRequestId");
        Money amount = Money.parse(body.get("paymentAmount"));
        if (!AmsApi.validId(requestId) || amount == null) {
            return ResultCodes.body(ResultCodes.PARAM_ILLEGAL);
        }
        JsonNode method = body.path("paymentMethod");
        String methodType =
                method.isObject() && method.path("paymentMethodType").isTextual()
                        ? method.path("paymentMethodType").asText()
                        : "";
        Payment created;
        synchronized (store) {
            Payment existing = store.byRequestId(clientId, requestId);
            if (existing != null) {
                if (!existing.amount.equals(amount) || !existing.paymentMethodType.equals(methodType)) {
                    return ResultCodes.body(ResultCodes.REPEAT_REQ_INCONSISTENT);
                }
                return payAnswer(existing);
            }
            created = new Payment(
                    clientId,
                    requestId,
                    ids.paymentId(),
                    amount,
                    methodType,
                    AmsTime.now(clock),
                    AmsApi.text(body, "paymentNotifyUrl"),
                    outcomeOf(amount));
            switch (created.outcome) {
                case SUCCEED -> {
                    created.status = PaymentStatus.SUCCESS;
                    created.paymentTime = created.createTime;
                }
                case FAIL -> created.status = PaymentStatus.FAIL;
                case STAY_PROCESSING -> created.status = PaymentStatus.PROCESSING;
            }
            store.add(created);
        }
        if (created.status.isFinal()) {
            listener.paymentFinished(created);
        }
        synchronized (store) {
            return payAnswer(created);
        }
    }

    private static Payment.Outcome outcomeOf(Money amount) {
        if (amount.value() == FAIL_AMOUNT) {
            return Payment.Outcome.FAIL;
        }
        return amount.value() == PROCESSING_AMOUNT ? Payment.Outcome.STAY_PROCESSING : Payment.Outcome.SUCCEED;
    }

    /** The pay answer for a payment's current status (caller holds the store lock). */
    private static ObjectNode payAnswer(Payment p) {
        AlipayResult result =
                switch (p.status) {
                    case SUCCESS -> ResultCodes.SUCCESS;
                    case FAIL -> ResultCodes.USER_BALANCE_NOT_ENOUGH;
                    case PROCESSING -> ResultCodes.PAYMENT_IN_PROCESS;
                    case CANCELLED -> ResultCodes.ORDER_IS_CLOSED;
                };
        ObjectNode out = ResultCodes.body(result);
        out.put("paymentRequestId", p.paymentRequestId);
        out.put("paymentId", p.paymentId);
        p.amount.writeTo(out.putObject("paymentAmount"));
        out.put("paymentCreateTime", p.createTime);
        if (p.paymentTime != null) {
            out.put("paymentTime", p.paymentTime);
        }
        return out;
    }

    ObjectNode inquiry(String clientId, JsonNode body) {
        synchronized (store) {
            Payment p = find(clientId, body);
            if (p == null) {
                return ResultCodes.body(ResultCodes.ORDER_NOT_EXIST);
            }
            ObjectNode out = ResultCodes.body(ResultCodes.SUCCESS);
            out.put("paymentStatus", p.status.name());
            if (p.status == PaymentStatus.FAIL) {
                out.put("paymentResultCode", ResultCodes.USER_BALANCE_NOT_ENOUGH.resultCode());
                out.put("paymentResultMessage", ResultCodes.USER_BALANCE_NOT_ENOUGH.resultMessage());
            } else if (p.status == PaymentStatus.SUCCESS) {
                out.put("paymentResultCode", "SUCCESS");
                out.put("paymentResultMessage", "success");
            }
            out.put("paymentRequestId", p.paymentRequestId);
            out.put("paymentId", p.paymentId);
            p.amount.writeTo(out.putObject("paymentAmount"));
            out.put("paymentCreateTime", p.createTime);
            if (p.paymentTime != null) {
                out.put("paymentTime", p.paymentTime);
            }
            out.put("paymentMethodType", p.paymentMethodType);
            return out;
        }
    }

    ObjectNode cancel(String clientId, JsonNode body) {
        synchronized (store) {
            Payment p = find(clientId, body);
            if (p == null) {
                return ResultCodes.body(ResultCodes.ORDER_NOT_EXIST);
            }
            switch (p.status) {
                case SUCCESS -> {
                    return ResultCodes.body(ResultCodes.ORDER_STATUS_INVALID);
                }
                case FAIL -> {
                    return ResultCodes.body(ResultCodes.ORDER_IS_CLOSED);
                }
                case PROCESSING -> {
                    p.status = PaymentStatus.CANCELLED;
                    p.cancelTime = AmsTime.now(clock);
                }
                case CANCELLED -> {
                    // Cancelling twice is idempotent: the same answer as the first time.
                }
            }
            ObjectNode out = ResultCodes.body(ResultCodes.SUCCESS);
            out.put("paymentId", p.paymentId);
            out.put("paymentRequestId", p.paymentRequestId);
            out.put("cancelTime", Objects.requireNonNull(p.cancelTime));
            return out;
        }
    }

    /** The payment named by {@code paymentId} or {@code paymentRequestId} (caller holds the lock). */
    private @Nullable Payment find(String clientId, JsonNode body) {
        String paymentId = AmsApi.text(body, "paymentId");
        if (paymentId != null) {
            return store.byPaymentId(clientId, paymentId);
        }
        String requestId = AmsApi.text(body, "paymentRequestId");
        return requestId == null ? null : store.byRequestId(clientId, requestId);
    }
}
