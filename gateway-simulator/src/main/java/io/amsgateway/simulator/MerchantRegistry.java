package io.amsgateway.simulator;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerifierSet;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The known merchants: client id to their public keys by version. Immutable and thread-safe. */
final class MerchantRegistry {
    /** One merchant's keys. */
    record Merchant(String clientId, VerifierSet verifiers, Map<Integer, PublicKey> keys) {}

    private final Map<String, Merchant> merchants;

    private MerchantRegistry(Map<String, Merchant> merchants) {
        this.merchants = merchants;
    }

    static MerchantRegistry of(List<MerchantPublicKey> keys, CryptoProvider provider) {
        Map<String, List<MerchantPublicKey>> byClient = new HashMap<>();
        for (MerchantPublicKey k : keys) {
            byClient.computeIfAbsent(k.clientId(), c -> new ArrayList<>()).add(k);
        }
        Map<String, Merchant> merchants = new HashMap<>();
        byClient.forEach((clientId, list) -> {
            List<JcaVerifier> verifiers = new ArrayList<>();
            Map<Integer, PublicKey> publicKeys = new HashMap<>();
            for (MerchantPublicKey k : list) {
                SignatureAlgorithm alg = "EC".equals(k.publicKey().getAlgorithm())
                        ? SignatureAlgorithm.ECC224
                        : SignatureAlgorithm.RSA256;
                verifiers.add(JcaVerifier.create(k.keyVersion(), alg, k.publicKey(), provider));
                publicKeys.put(k.keyVersion(), k.publicKey());
            }
            merchants.put(clientId, new Merchant(clientId, VerifierSet.of(verifiers), Map.copyOf(publicKeys)));
        });
        return new MerchantRegistry(Map.copyOf(merchants));
    }

    @Nullable
    Merchant find(String clientId) {
        return merchants.get(clientId);
    }

    int size() {
        return merchants.size();
    }
}
