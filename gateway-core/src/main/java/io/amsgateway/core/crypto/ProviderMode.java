package io.amsgateway.core.crypto;

import java.util.Locale;

/** Which JCA provider signs and verifies; see {@link CryptoProvider#select}. */
public enum ProviderMode {
    /** Amazon Corretto Crypto Provider when it loads, else the JDK's providers. */
    AUTO,
    /** Amazon Corretto Crypto Provider, or fail at start-up. */
    ACCP,
    /** The JDK's own providers (SunRsaSign); Bouncy Castle for secp224r1, which SunEC lacks. */
    JDK,
    /** Bouncy Castle for everything. */
    BC;

    /** Parses {@code auto|accp|jdk|bc}, ignoring case. */
    public static ProviderMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("crypto provider must be one of auto, accp, jdk, bc");
        }
    }
}
