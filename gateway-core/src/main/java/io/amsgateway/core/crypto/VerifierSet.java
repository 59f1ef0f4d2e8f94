package io.amsgateway.core.crypto;

import io.amsgateway.core.crypto.VerificationException.Reason;
import java.util.Collection;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The enabled public keys of one peer (Alipay, for a client id), by key version. Several versions
 * may be enabled at once to overlap a rotation.
 *
 * <p>A message names the key that signed it with {@code keyVersion}; when it names none, Alipay's
 * documented default applies: the latest (highest) version. An unknown version is an error, never
 * a fallback to another key.
 *
 * <p>Immutable and thread-safe.
 */
public final class VerifierSet {
    private final NavigableMap<Integer, Verifier> byVersion;

    private VerifierSet(NavigableMap<Integer, Verifier> byVersion) {
        this.byVersion = byVersion;
    }

    /** A set of verifiers; their key versions must be distinct. */
    public static VerifierSet of(Collection<? extends Verifier> verifiers) {
        if (verifiers.isEmpty()) {
            throw new IllegalArgumentException("a VerifierSet needs at least one key");
        }
        NavigableMap<Integer, Verifier> map = new TreeMap<>();
        for (Verifier v : verifiers) {
            if (map.putIfAbsent(v.keyVersion(), v) != null) {
                throw new IllegalArgumentException("duplicate key version " + v.keyVersion());
            }
        }
        return new VerifierSet(Collections.unmodifiableNavigableMap(map));
    }

    /** A set of one verifier. */
    public static VerifierSet of(Verifier verifier) {
        return of(java.util.List.of(verifier));
    }

    /**
     * The verifier for {@code keyVersion}, or the latest one when it is null.
     *
     * @throws VerificationException with reason {@code UNKNOWN_KEY_VERSION}
     */
    public Verifier select(@Nullable Integer keyVersion) {
        if (keyVersion == null) {
            return byVersion.lastEntry().getValue();
        }
        Verifier v = byVersion.get(keyVersion);
        if (v == null) {
            throw new VerificationException(
                    Reason.UNKNOWN_KEY_VERSION,
                    "no enabled public key has keyVersion " + keyVersion + " (enabled: " + byVersion.keySet() + ")");
        }
        return v;
    }

    /**
     * The public key of {@code keyVersion}, or of the latest version when it is null: the key
     * that RSA_AES requests to this peer are encrypted for.
     *
     * @throws VerificationException with reason {@code UNKNOWN_KEY_VERSION}
     */
    public java.security.PublicKey publicKey(@Nullable Integer keyVersion) {
        return select(keyVersion).publicKey();
    }

    /** The enabled key versions, ascending. */
    public java.util.Set<Integer> versions() {
        return byVersion.keySet();
    }

    @Override
    public String toString() {
        return "VerifierSet" + byVersion.keySet();
    }
}
