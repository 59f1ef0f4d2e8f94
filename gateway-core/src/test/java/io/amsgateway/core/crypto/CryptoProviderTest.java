package io.amsgateway.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CryptoProviderTest {
    @Test
    void autoPrefersAccpWhenItLoadsAndFallsBackToTheJdk() {
        CryptoProvider auto = CryptoProvider.select(ProviderMode.AUTO);
        CryptoProvider accp = CryptoProvider.accpIfAvailable();
        assertThat(auto.name()).isEqualTo(accp != null ? "accp" : "jdk");
    }

    @Test
    void accpLoadsOnThisProjectsMachines() {
        // CI and developers run linux-x86_64, where ACCP's native library loads. If this
        // fails, signing silently runs about 3x slower: treat it as a build problem.
        assertThat(CryptoProvider.accpIfAvailable())
                .as("Amazon Corretto Crypto Provider loads on linux-x86_64 (os.arch=%s)", System.getProperty("os.arch"))
                .isNotNull();
        assertThat(CryptoProvider.select(ProviderMode.ACCP)
                        .providerFor(SignatureAlgorithm.RSA256)
                        .getName())
                .isEqualTo("AmazonCorrettoCryptoProvider");
    }

    @Test
    void explicitModesAndEcAlwaysOnBouncyCastle() {
        assertThat(CryptoProvider.select(ProviderMode.JDK)
                        .providerFor(SignatureAlgorithm.RSA256)
                        .getName())
                .isEqualTo("SunRsaSign");
        assertThat(CryptoProvider.select(ProviderMode.BC)
                        .providerFor(SignatureAlgorithm.RSA256)
                        .getName())
                .isEqualTo("BC");
        for (ProviderMode m : ProviderMode.values()) {
            assertThat(CryptoProvider.select(m)
                            .providerFor(SignatureAlgorithm.ECC224)
                            .getName())
                    .isEqualTo("BC");
        }
        assertThat(java.security.Security.getProvider("BC"))
                .as("never installed globally")
                .isNull();
    }

    @Test
    void modeParsing() {
        assertThat(ProviderMode.parse(" ACCP ")).isEqualTo(ProviderMode.ACCP);
        assertThatThrownBy(() -> ProviderMode.parse("openssl"))
                .hasMessage("crypto provider must be one of auto, accp, jdk, bc");
    }
}
