package io.amsgateway.simulator.ams;

/**
 * One simulated refund; refunds succeed at once, so they are immutable.
 *
 * @param clientId the merchant's client id
 * @param refundRequestId the merchant's request id (the idempotency key of refund)
 * @param refundId Alipay's id for the refund
 * @param paymentId the refunded payment
 * @param amount the amount refunded
 * @param refundTime when it succeeded, in Alipay's format
 */
public record Refund(
        String clientId, String refundRequestId, String refundId, String paymentId, Money amount, String refundTime) {}
