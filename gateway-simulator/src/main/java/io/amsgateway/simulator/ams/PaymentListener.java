package io.amsgateway.simulator.ams;

/** Told when a payment reaches a final status; the simulator sends notifyPayment from here. */
@FunctionalInterface
public interface PaymentListener {
    /** Called once per payment, outside the store's lock, on the thread that finished it. */
    void paymentFinished(Payment payment);
}
