package io.amsgateway.core.crypto;

import java.util.Locale;

/**
 * The {@code algorithm} values of the {@code Signature} header (docs/protocol.md, "Algorithms").
 *
 * <p>{@link #RSA256} is what every official SDK sends and the only algorithm known to
 * interoperate with Alipay. {@link #ECC224} is SHA224withECDSA on secp224r1 with a DER-encoded
 * signature: Alipay's documentation names it but defines nothing further, so this encoding is a
 * project decision (docs/protocol.md, "Algorithms"), unconfirmed with Alipay, and used only for keys explicitly
 * configured as ECC224.
 */
public enum SignatureAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256 ({@code SHA256withRSA}). */
    RSA256("SHA256withRSA", "RSA"),
    /** ECDSA with SHA-224 on secp224r1, DER signature. Unconfirmed with Alipay. */
    ECC224("SHA224withECDSA", "EC");

    private final String jcaName;
    private final String keyAlgorithm;

    SignatureAlgorithm(String jcaName, String keyAlgorithm) {
        this.jcaName = jcaName;
        this.keyAlgorithm = keyAlgorithm;
    }

    /** The JCA signature algorithm name. */
    public String jcaName() {
        return jcaName;
    }

    /** The JCA key algorithm ({@code RSA} or {@code EC}). */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    /** The value written in the {@code algorithm=} parameter (read back by {@code SignatureHeader.algorithmOf}). */
    public String headerName() {
        return name();
    }

    /**
     * The algorithm named {@code name} ({@code RSA256} or {@code ECC224}, any case), as configured.
     *
     * @throws IllegalArgumentException for any other name (the name is not echoed)
     */
    public static SignatureAlgorithm fromName(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "RSA256" -> RSA256;
            case "ECC224" -> ECC224;
            default -> throw new IllegalArgumentException(
                    "unsupported signature algorithm (expected RSA256 or ECC224)");
        };
    }
}
