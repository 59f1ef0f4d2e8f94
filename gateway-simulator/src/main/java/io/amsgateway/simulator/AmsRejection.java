package io.amsgateway.simulator;

import io.amsgateway.core.error.ResultStatus;
import io.amsgateway.core.protocol.AlipayResult;

/** A request failed one of Alipay's checks; carries the result to answer with. Stackless. */
final class AmsRejection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final AlipayResult METHOD_NOT_SUPPORTED =
            f("METHOD_NOT_SUPPORTED", "The server does not implement the requested HTTP method.");
    static final AlipayResult MEDIA_TYPE_NOT_ACCEPTABLE = f(
            "MEDIA_TYPE_NOT_ACCEPTABLE",
            "The server does not implement the media type that is acceptable to the client.");
    static final AlipayResult CLIENT_INVALID =
            f("CLIENT_INVALID", "The client ID is invalid. Alipay has restrictions on the client ID.");
    static final AlipayResult KEY_NOT_FOUND =
            f("KEY_NOT_FOUND", "The private key or public key of Alipay or the merchant is not found.");
    static final AlipayResult INVALID_SIGNATURE = f("INVALID_SIGNATURE", "The signature is not validated.");
    static final AlipayResult DECRYPTION_FAILED = f("PARAM_ILLEGAL", "The encrypted request could not be decrypted.");

    private final transient AlipayResult result;

    AmsRejection(AlipayResult result) {
        super(result.resultCode(), null, false, false);
        this.result = result;
    }

    AlipayResult result() {
        return result;
    }

    private static AlipayResult f(String code, String message) {
        return new AlipayResult(code, ResultStatus.F, message);
    }
}
