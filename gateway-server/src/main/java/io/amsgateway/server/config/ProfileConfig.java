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
 * @param auth how calls are authenticated: RSA signatures or an API key
 * @param requestTimeFormat how {@code Request-Time} is written (RSA signatures only)
 * @param alipayKeysNeeded whether Alipay's public keys must load: always with RSA signatures; with
 *     an API key only when notifications are enabled (they stay RSA-signed)
 */
public record ProfileConfig(
        String name,
        String clientId,
        KeySourceConfig keySource,
        OptionalInt keyVersion,
        SignatureAlgorithm algorithm,
        UpstreamConfig upstream,
        Encryption encryption,
        SandboxRewrite sandbox,
        AuthMode auth,
        RequestTimeFormat requestTimeFormat,
        boolean alipayKeysNeeded) {

    /** An RSA-signature profile with epoch-millisecond request times. */
    public ProfileConfig(
            String name,
            String clientId,
            KeySourceConfig keySource,
            OptionalInt keyVersion,
            SignatureAlgorithm algorithm,
            UpstreamConfig upstream,
            Encryption encryption,
            SandboxRewrite sandbox) {
        this(
                name,
                clientId,
                keySource,
                keyVersion,
                algorithm,
                upstream,
                encryption,
                sandbox,
                AuthMode.RSA_SIGNATURE,
                RequestTimeFormat.EPOCH_MILLIS,
                true);
    }

    /** Whether the profile calls with an API key rather than RSA signatures. */
    public boolean apiKeyAuth() {
        return auth == AuthMode.API_KEY;
    }

    /** Whether this profile's calls go to the sandbox paths ({@code /ams/sandbox/api/...}). */
    public boolean sandboxPaths() {
        return sandbox.apply(clientId, "/ams/api/").startsWith("/ams/sandbox/api/");
    }

    /** RSA_AES message encryption (unconfirmed for AMS; off by default). */
    public record Encryption(boolean enabled, int aesKeyBits) {}

    /** This profile with {@code version} as its key version. */
    public ProfileConfig withKeyVersion(OptionalInt version) {
        return new ProfileConfig(
                name,
                clientId,
                keySource,
                version,
                algorithm,
                upstream,
                encryption,
                sandbox,
                auth,
                requestTimeFormat,
                alipayKeysNeeded);
    }

    /** The primary key version as configured: a number or {@code latest}. */
    public String keyVersionText() {
        return keyVersion.isPresent() ? Integer.toString(keyVersion.getAsInt()) : "latest";
    }
}
