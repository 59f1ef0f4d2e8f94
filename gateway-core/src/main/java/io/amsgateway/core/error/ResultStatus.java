package io.amsgateway.core.error;

/** Alipay's {@code result.resultStatus}: success, failure, or unknown (inquire before retrying). */
public enum ResultStatus {
    /** Success. */
    S,
    /** Failed; certainly not executed. */
    F,
    /** Unknown; the request may have been executed. Inquire before retrying. */
    U
}
