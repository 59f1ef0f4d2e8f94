package io.amsgateway.core.protocol;

/**
 * Every HTTP header name the gateway reads or writes, in one place: Alipay's (docs/protocol.md,
 * "Headers") and the gateway's own {@code X-Gateway-*} ones. HTTP header names are
 * case-insensitive; these are the spellings the gateway sends.
 */
public final class HeaderNames {
    /** Names the merchant (client) on requests, responses and notifications. */
    public static final String CLIENT_ID = "Client-Id";
    /** The signed time of a request or notification. */
    public static final String REQUEST_TIME = "Request-Time";
    /** The signed time of a response. */
    public static final String RESPONSE_TIME = "Response-Time";
    /** The signature of a message; see {@link SignatureHeader}. */
    public static final String SIGNATURE = "Signature";
    /** The encrypted symmetric key of an RSA_AES message; see {@link EncryptHeader}. */
    public static final String ENCRYPT = "Encrypt";
    /** An ISV's agent token, forwarded unsigned. */
    public static final String AGENT_TOKEN = "Agent-Token";
    /** The body's media type. */
    public static final String CONTENT_TYPE = "Content-Type";
    /** The gateway's product token, sent upstream. */
    public static final String USER_AGENT = "User-Agent";

    /** The gateway error of an answer the gateway gave instead of Alipay. */
    public static final String GATEWAY_ERROR = "X-Gateway-Error";
    /** The Alipay key version that verified an answer (or a forwarded notification). */
    public static final String GATEWAY_VERIFIED_KEY_VERSION = "X-Gateway-Verified-Key-Version";
    /**
     * How the gateway authenticated Alipay's answer: {@code signature} (verified with Alipay's
     * public key) or {@code none} (an API-key call: Alipay does not sign those answers).
     */
    public static final String GATEWAY_VERIFIED = "X-Gateway-Verified";
    /** {@code Bearer <API key>} on a call of an API-key profile. */
    public static final String AUTHORIZATION = "Authorization";
    /** The client id of a notification forwarded to the internal service. */
    public static final String GATEWAY_CLIENT_ID = "X-Gateway-Client-Id";

    /** The media type of a plain JSON body. */
    public static final String JSON_UTF8 = "application/json; charset=UTF-8";

    private HeaderNames() {}
}
