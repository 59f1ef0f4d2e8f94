package io.amsgateway.simulator;

/** The faults the simulator can inject into an answer (see the README's table). */
public enum FaultMode {
    /** Wait before answering (the request is processed at once). */
    DELAY,
    /** Close the connection with a TCP reset instead of answering. */
    RESET,
    /** Answer with a signature that does not verify. */
    BAD_SIGNATURE,
    /** Answer without a {@code signature} header. */
    NO_SIGNATURE,
    /** Answer with an HTTP 5xx status and a non-AMS body. */
    HTTP_5XX,
    /** Send the body slowly, in small pieces. */
    SLOW_BODY,
    /** Answer {@code resultStatus} U (processing / unknown) although the request was processed. */
    PROCESSING
}
