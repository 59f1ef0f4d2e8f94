package io.amsgateway.server.call;

/**
 * What a service completes its future with when the call succeeded; a failure is a {@link
 * io.amsgateway.core.error.GatewayException} instead. Services never build HTTP answers: {@link
 * Answers} renders both.
 */
public sealed interface CallResult {
    /** The Alipay key version that verified the answer or the notification. */
    int keyVersion();

    /**
     * Alipay's answer to a proxied call: verified (and decrypted), passed on unchanged.
     *
     * @param body the exact bytes for the caller
     */
    record Verified(byte[] body, int keyVersion) implements CallResult {
        @Override
        public String toString() {
            return "Verified[key version " + keyVersion + ", " + body.length + " bytes]"; // never the body
        }
    }

    /**
     * Alipay's answer to a call authenticated with an API key: Alipay does not sign those, so it
     * could not be verified; passed on unchanged and marked {@code X-Gateway-Verified: none}.
     *
     * @param body the exact bytes for the caller
     */
    record Unverified(byte[] body) implements CallResult {
        @Override
        public int keyVersion() {
            return -1;
        }

        @Override
        public String toString() {
            return "Unverified[" + body.length + " bytes]"; // never the body
        }
    }

    /** A notification that verified and was delivered (now or before): Alipay gets the acknowledgement. */
    record Acknowledged(int keyVersion) implements CallResult {}
}
