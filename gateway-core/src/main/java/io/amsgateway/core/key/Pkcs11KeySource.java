package io.amsgateway.core.key;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.KeyFormatException;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merchant keys that never leave a PKCS#11 token (an HSM, or SoftHSM2): key version N of a client
 * is the private key labelled {@link Pkcs11Settings#label(KeyRef)}, and its public key is the
 * certificate stored on the token with the same label (and {@code CKA_ID}), which is how the
 * JDK's SunPKCS11 key store pairs them. {@link #merchantKey} finds both, checks the pair with a
 * test signature made by the token and returns a {@link Pkcs11Signer} (with no private key, so
 * RSA_AES answers cannot be decrypted); {@link #latestVersion} is the highest version whose label
 * is on the token. Only RSA256 is supported.
 *
 * <p>Alipay's public keys are not on the token: {@link #alipayKeys} asks {@code alipayKeys}, the
 * source given at construction (for example a {@link FileKeySource} of key files), whose change
 * signals and {@link #close()} it passes on.
 *
 * <p>Thread-safe; completes on the token's signing threads. Closing the source closes the token.
 */
public final class Pkcs11KeySource implements KeySource {
    private static final byte[] SELF_TEST =
            "POST /ams/api/v1/self-test\npkcs11.0.{}".getBytes(StandardCharsets.US_ASCII);

    private final Pkcs11Token token;
    private final CryptoProvider provider;
    private final KeySource alipayKeys;

    /**
     * @throws IllegalArgumentException if {@code algorithm} is not RSA256
     */
    public Pkcs11KeySource(
            Pkcs11Token token, SignatureAlgorithm algorithm, CryptoProvider provider, KeySource alipayKeys) {
        if (algorithm != SignatureAlgorithm.RSA256) {
            throw new IllegalArgumentException("pkcs11 signs RSA256 only, not " + algorithm);
        }
        this.token = Objects.requireNonNull(token, "token");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.alipayKeys = Objects.requireNonNull(alipayKeys, "alipayKeys");
    }

    @Override
    public String name() {
        return "pkcs11";
    }

    @Override
    public CompletionStage<MerchantKey> merchantKey(KeyRef ref) {
        String label = token.settings().label(ref);
        return token.call("loading " + ref + " (label " + label + ")", () -> load(ref, label));
    }

    private MerchantKey load(KeyRef ref, String label) throws Exception {
        if (token.privateKey(label) == null) {
            throw new KeyNotFoundException(token + " has no private key labelled " + label + " (" + ref + ")");
        }
        Certificate cert = token.keyStore(false).getCertificate(label);
        if (cert == null) {
            throw new GatewayException(
                    ErrorCode.KEY_UNAVAILABLE,
                    token + ": the key labelled " + label + " has no certificate on the token; store one with the same"
                            + " label and CKA_ID (its public key checks every signature)");
        }
        JcaVerifier verifier;
        try {
            verifier = JcaVerifier.create(ref.keyVersion(), SignatureAlgorithm.RSA256, cert.getPublicKey(), provider);
        } catch (KeyFormatException e) {
            throw new GatewayException(
                    ErrorCode.KEY_UNAVAILABLE,
                    token + ": the certificate labelled " + label + " does not hold an RSA-2048+ public key: "
                            + e.getMessage());
        }
        Pkcs11Signer signer = new Pkcs11Signer(token, label, ref, verifier);
        try {
            signer.signHere(SELF_TEST);
        } catch (GatewayException e) {
            throw new GatewayException(
                    ErrorCode.KEY_UNAVAILABLE,
                    token + ": the key labelled " + label + " failed its test signature (does the certificate belong"
                            + " to it?)");
        }
        return new MerchantKey(ref, signer, null);
    }

    @Override
    public CompletionStage<Integer> latestVersion(String clientId) {
        Pattern labels = labelPattern(clientId);
        return token.call("listing the key versions of " + clientId, () -> {
            KeyStore ks = token.keyStore(true);
            int latest = -1;
            for (String alias : Collections.list(ks.aliases())) {
                Matcher m = labels.matcher(alias);
                if (m.matches() && ks.isKeyEntry(alias) && m.group(1).length() < 10) {
                    latest = Math.max(latest, Integer.parseInt(m.group(1)));
                }
            }
            if (latest < 0) {
                throw new KeyNotFoundException(token + " has no key labelled "
                        + token.settings().keyLabel().replace(ClientIdTemplate.PLACEHOLDER, clientId));
            }
            return latest;
        });
    }

    private Pattern labelPattern(String clientId) {
        String template = token.settings().keyLabel().replace(ClientIdTemplate.PLACEHOLDER, clientId);
        int at = template.indexOf(Pkcs11Settings.VERSION);
        String rest = template.substring(at + Pkcs11Settings.VERSION.length());
        return Pattern.compile(
                Pattern.quote(template.substring(0, at)) + "([0-9]+)" + (rest.isEmpty() ? "" : Pattern.quote(rest)));
    }

    @Override
    public CompletionStage<VerifierSet> alipayKeys(String clientId) {
        return alipayKeys.alipayKeys(clientId);
    }

    @Override
    public void onChange(Runnable listener) {
        alipayKeys.onChange(listener);
    }

    @Override
    public void close() {
        alipayKeys.close();
        token.close();
    }

    @Override
    public String toString() {
        return "Pkcs11KeySource[" + token + "]";
    }
}
