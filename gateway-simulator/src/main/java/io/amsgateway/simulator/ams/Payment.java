package io.amsgateway.simulator.ams;

import org.jspecify.annotations.Nullable;

/**
 * One simulated payment. Mutable: its status, refunded total and cancel time change, always while
 * the {@link PaymentStore} lock is held, which is also what makes reads consistent.
 */
public final class Payment {
    final String clientId;
    final String paymentRequestId;
    final String paymentId;
    final Money amount;
    final String paymentMethodType;
    final String createTime;
    final @Nullable String notifyUrl;
    PaymentStatus status;

    @Nullable
    String paymentTime;

    @Nullable
    String cancelTime;

    long refunded;
    final Outcome outcome;

    /** How a payment ends, decided by the magic amounts of the README. */
    enum Outcome {
        SUCCEED,
        FAIL,
        STAY_PROCESSING
    }

    Payment(
            String clientId,
            String paymentRequestId,
            String paymentId,
            Money amount,
            String paymentMethodType,
            String createTime,
            @Nullable String notifyUrl,
            Outcome outcome) {
        this.clientId = clientId;
        this.paymentRequestId = paymentRequestId;
        this.paymentId = paymentId;
        this.amount = amount;
        this.paymentMethodType = paymentMethodType;
        this.createTime = createTime;
        this.notifyUrl = notifyUrl;
        this.outcome = outcome;
        this.status = PaymentStatus.PROCESSING;
    }

    /** The merchant's client id. */
    public String clientId() {
        return clientId;
    }

    /** The merchant's request id (the idempotency key of pay). */
    public String paymentRequestId() {
        return paymentRequestId;
    }

    /** Alipay's id for the payment. */
    public String paymentId() {
        return paymentId;
    }

    /** The amount paid. */
    public Money amount() {
        return amount;
    }

    /** When the payment was created, in Alipay's format. */
    public String createTime() {
        return createTime;
    }

    /** When it succeeded, or null. */
    public @Nullable String paymentTime() {
        return paymentTime;
    }

    /** The current status. */
    public PaymentStatus status() {
        return status;
    }

    /** The URL notifications go to, or null. */
    public @Nullable String notifyUrl() {
        return notifyUrl;
    }
}
