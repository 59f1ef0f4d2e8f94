package io.amsgateway.server.config;

import java.util.Locale;

/** How a profile authenticates its calls to Alipay ({@code auth}). */
public enum AuthMode {
    /**
     * RSA signatures ({@code Signature}, {@code Client-Id}, {@code Request-Time}); Alipay's answers
     * are signed and verified (the default).
     */
    RSA_SIGNATURE,
    /**
     * An Antom API key ({@code Authorization: Bearer <key>}); Alipay's answers are not signed, so
     * they cannot be verified ({@code X-Gateway-Verified: none}).
     */
    API_KEY;

    /** The configuration's spelling: {@code rsa-signature} or {@code api-key}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads {@code rsa-signature} or {@code api-key}. */
    public static AuthMode parse(String s) {
        for (AuthMode m : values()) {
            if (m.configName().equalsIgnoreCase(s.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("must be rsa-signature or api-key");
    }
}
