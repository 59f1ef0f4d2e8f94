package io.amsgateway.core.testing.vault;

/** What a request to {@link FakeVault} asked for, the key of its counters and request log. */
public enum VaultOperation {
    /** {@code GET <kv>/data/<path>}. */
    KV_READ,
    /** {@code POST|PUT <kv>/data/<path>}. */
    KV_WRITE,
    /** {@code DELETE <kv>/data/<path>} (soft delete of the latest version). */
    KV_DELETE,
    /** {@code GET <kv>/metadata/<path>}. */
    KV_METADATA_READ,
    /** {@code POST <transit>/sign/<key>[/<hash>]}. */
    TRANSIT_SIGN,
    /** {@code GET <transit>/keys/<key>}. */
    TRANSIT_KEY_READ,
    /** {@code POST <transit>/keys/<key>/rotate}. */
    TRANSIT_ROTATE,
    /** {@code POST auth/<mount>/login} (Kubernetes or AppRole). */
    LOGIN,
    /** {@code POST auth/token/renew-self}. */
    TOKEN_RENEW_SELF,
    /** {@code GET auth/token/lookup-self}. */
    TOKEN_LOOKUP_SELF,
    /** Anything else (answered 404 or 405 as Vault does). */
    OTHER
}
