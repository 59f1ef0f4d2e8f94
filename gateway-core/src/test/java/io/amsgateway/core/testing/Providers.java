package io.amsgateway.core.testing;

import io.amsgateway.core.crypto.CryptoProvider;
import java.util.ArrayList;
import java.util.List;

/** Every crypto provider that loads on this machine, for tests that must hold for each. */
public final class Providers {
    private Providers() {}

    public static List<CryptoProvider> all() {
        List<CryptoProvider> list = new ArrayList<>(List.of(CryptoProvider.jdk(), CryptoProvider.bouncyCastle()));
        CryptoProvider accp = CryptoProvider.accpIfAvailable();
        if (accp != null) {
            list.add(accp);
        }
        return list;
    }
}
