package io.amsgateway.simulator.ams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;

/**
 * refund and inquiryRefund. refund is idempotent by {@code refundRequestId} (key fields: {@code
 * paymentId}, {@code refundAmount}), needs a successful payment in the same currency, and the
 * refunds of a payment never add up to more than its amount ({@code REFUND_AMOUNT_EXCEED}).
 * Refunds succeed at once.
 */
final class RefundOperations {
    private final PaymentStore store;
    private final IdGenerator ids;
    private final Clock clock;

    RefundOperations(PaymentStore store, IdGenerator ids, Clock clock) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
    }

    ObjectNode refund(String clientId, JsonNode body) {
        String requestId = AmsApi.text(body, "refundRequestId");
        String paymentId = AmsApi.text(body, "paymentId");
        Money amount = Money.parse(body.get("refundAmount"));
        if (!AmsApi.validId(requestId) || paymentId == null || amount == null || amount.value() <= 0) {
            return ResultCodes.body(ResultCodes.PARAM_ILLEGAL);
        }
        synchronized (store) {
            Refund existing = store.refundByRequestId(clientId, requestId);
            if (existing != null) {
                if (!existing.paymentId().equals(paymentId)
                        || !existing.amount().equals(amount)) {
                    return ResultCodes.body(ResultCodes.REPEAT_REQ_INCONSISTENT);
                }
                return answer(existing);
            }
            Payment p = store.byPaymentId(clientId, paymentId);
            if (p == null) {
                return ResultCodes.body(ResultCodes.ORDER_NOT_EXIST);
            }
            if (p.status != PaymentStatus.SUCCESS) {
                return ResultCodes.body(ResultCodes.ORDER_STATUS_INVALID);
            }
            if (!p.amount.currency().equals(amount.currency())) {
                return ResultCodes.body(ResultCodes.CURRENCY_NOT_SUPPORT);
            }
            if (amount.value() > p.amount.value() - p.refunded) {
                return ResultCodes.body(ResultCodes.REFUND_AMOUNT_EXCEED);
            }
            p.refunded += amount.value();
            Refund r = new Refund(clientId, requestId, ids.refundId(), paymentId, amount, AmsTime.now(clock));
            store.add(r);
            return answer(r);
        }
    }

    ObjectNode inquiry(String clientId, JsonNode body) {
        String refundId = AmsApi.text(body, "refundId");
        String requestId = AmsApi.text(body, "refundRequestId");
        if (refundId == null && requestId == null) {
            return ResultCodes.body(ResultCodes.PARAM_ILLEGAL);
        }
        Refund r =
                refundId != null ? store.refundById(clientId, refundId) : store.refundByRequestId(clientId, requestId);
        if (r == null) {
            return ResultCodes.body(ResultCodes.REFUND_NOT_EXIST);
        }
        ObjectNode out = ResultCodes.body(ResultCodes.SUCCESS);
        out.put("refundId", r.refundId());
        out.put("refundRequestId", r.refundRequestId());
        r.amount().writeTo(out.putObject("refundAmount"));
        out.put("refundStatus", "SUCCESS");
        out.put("refundTime", r.refundTime());
        return out;
    }

    private static ObjectNode answer(Refund r) {
        ObjectNode out = ResultCodes.body(ResultCodes.SUCCESS);
        out.put("refundRequestId", r.refundRequestId());
        out.put("refundId", r.refundId());
        out.put("paymentId", r.paymentId());
        r.amount().writeTo(out.putObject("refundAmount"));
        out.put("refundTime", r.refundTime());
        return out;
    }
}
