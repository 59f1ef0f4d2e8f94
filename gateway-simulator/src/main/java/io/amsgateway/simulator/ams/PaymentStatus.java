package io.amsgateway.simulator.ams;

/** The {@code paymentStatus} values of inquiryPayment. */
public enum PaymentStatus {
    /** Paid; may be refunded, may not be cancelled. */
    SUCCESS,
    /** Failed; final. */
    FAIL,
    /** Not final yet; may be cancelled. */
    PROCESSING,
    /** Cancelled before it succeeded; final. */
    CANCELLED;

    /** Whether the payment can no longer change (a notification is due when it gets here). */
    public boolean isFinal() {
        return this != PROCESSING;
    }
}
