package io.amsgateway.server.config;

import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.protocol.SandboxRewrite;
import java.util.OptionalInt;

/**
 * One merchant client id: where its keys come from, which version signs, its upstream and its
 * options.
 *
 * @param name the profile's name (a metrics label)
 * @param clientId the Alipay client id
 * @param keySource where the merchant key and Alipay's public keys come from
 * @param keyVersion the primary key version signatures are made with; empty for "latest", the
 *     newest version the source has (followed without restart)
 * @param algorithm the signature algorithm
 * @param upstream where Alipay is
 * @param encryption RSA_AES options
 * @param sandbox this profile's sandbox path rewrite
 */
public record ProfileConfig(
        String name,
        String clientId,
        KeySourceConfig keySource,
        OptionalInt keyVersion,
        SignatureAlgorithm algorithm,
        UpstreamConfig upstream,
        Encryption encryption,
        SandboxRewrite sandbox) {

    /** RSA_AES message encryption (unconfirmed for AMS; off by default). */
    public record Encryption(boolean enabled, int aesKeyBits) {}

    /** This profile with {@code version} as its key version. */
    public ProfileConfig withKeyVersion(OptionalInt version) {
        return new ProfileConfig(name, clientId, keySource, version, algorithm, upstream, encryption, sandbox);
    }

    /** The primary key version as configured: a number or {@code latest}. */
    public String keyVersionText() {
        return keyVersion.isPresent() ? Integer.toString(keyVersion.getAsInt()) : "latest";
    }
}
