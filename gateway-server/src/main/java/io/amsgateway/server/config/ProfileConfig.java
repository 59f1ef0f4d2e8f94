package io.amsgateway.server.config;

import io.amsgateway.core.key.KeyText;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.protocol.SandboxRewrite;
import java.util.List;

/**
 * One merchant client id: its key, Alipay's public keys, its upstream and its options.
 *
 * @param name the profile's name (a metrics label)
 * @param clientId the Alipay client id
 * @param merchantPrivateKey the merchant's private key
 * @param keyVersion the primary key version signatures are made with
 * @param algorithm the signature algorithm
 * @param alipayPublicKeys Alipay's enabled public keys by version (at least one)
 * @param upstream where Alipay is
 * @param encryption RSA_AES options
 * @param sandbox this profile's sandbox path rewrite
 */
public record ProfileConfig(
        String name,
        String clientId,
        KeyText merchantPrivateKey,
        int keyVersion,
        SignatureAlgorithm algorithm,
        List<AlipayKey> alipayPublicKeys,
        UpstreamConfig upstream,
        Encryption encryption,
        SandboxRewrite sandbox) {

    /** One of Alipay's public keys. */
    public record AlipayKey(int version, KeyText key) {}

    /** RSA_AES message encryption (unconfirmed for AMS; off by default). */
    public record Encryption(boolean enabled, int aesKeyBits) {}

    public ProfileConfig {
        alipayPublicKeys = List.copyOf(alipayPublicKeys);
    }
}
