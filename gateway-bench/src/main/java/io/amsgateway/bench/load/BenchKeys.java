package io.amsgateway.bench.load;

import io.amsgateway.core.testing.pkcs11.SoftHsm;
import io.amsgateway.core.testing.vault.FakeVault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where the benchmarked gateway's profile takes its keys from, as configuration appended to the
 * gateway's file: the key files ({@code file}), a {@link FakeVault} in this JVM that it seeds
 * ({@code vault-kv}: KV v2; {@code vault-transit}: Transit signs every call), or a SoftHSM2 token
 * ({@code pkcs11}: the token signs every call through SunPKCS11 in the gateway's JVM; the token is
 * made here with {@link SoftHsm}, whose {@code SOFTHSM2_CONF} the gateway's JVM inherits). The
 * gateway reaches the fake Vault over TLS with token auth (a token file), as a sidecar reaches Vault.
 */
final class BenchKeys {
    static final BenchKeys FILE = new BenchKeys("file", null, "");
    static final java.util.List<String> MODES = java.util.List.of("file", "vault-kv", "vault-transit", "pkcs11");
    static final BenchKeys PKCS11 = new BenchKeys("pkcs11", null, "");

    private final String mode;
    private final @Nullable FakeVault vault;
    private final String extra;

    private BenchKeys(String mode, @Nullable FakeVault vault, String extra) {
        this.mode = mode;
        this.vault = vault;
        this.extra = extra;
    }

    /** These keys, with {@code hocon} appended to the gateway's configuration (e.g. its listener's TLS). */
    BenchKeys plus(String hocon) {
        return new BenchKeys(mode, vault, extra + hocon);
    }

    /** {@code file}, or a Vault mode against {@code vault}. */
    static BenchKeys of(String mode, @Nullable FakeVault vault) {
        return switch (mode) {
            case "file" -> FILE;
            case "pkcs11" -> PKCS11;
            case "vault-kv", "vault-transit" -> new BenchKeys(
                    mode, java.util.Objects.requireNonNull(vault, "vault"), "");
            default -> throw new IllegalArgumentException("unknown key mode " + mode);
        };
    }

    String mode() {
        return mode;
    }

    /** Seeds the fake Vault as the mode needs and returns the configuration to append. */
    String hocon(Path work, KeyPair merchant, Path merchantKeyFile, Path alipayPub) throws IOException {
        return keysHocon(work, merchant, merchantKeyFile, alipayPub) + extra;
    }

    private String keysHocon(Path work, KeyPair merchant, Path merchantKeyFile, Path alipayPub) throws IOException {
        String profile = "gateway.profiles.sandbox";
        String alipayFiles = profile + ".alipay-public-keys = [ { version = 1, file = \"" + alipayPub + "\" } ]\n";
        if (mode.equals("pkcs11")) {
            if (!Files.isRegularFile(SoftHsm.LIBRARY) || System.getenv("SOFTHSM2_CONF") == null) {
                throw new IOException("the pkcs11 mode needs softhsm2 and opensc installed (" + SoftHsm.LIBRARY
                        + ") and SOFTHSM2_CONF set (run-load.sh sets it)");
            }
            SoftHsm.Token token = SoftHsm.claim();
            try {
                token.importKey("ams-" + BenchStack.CLIENT_ID + "-v1", merchant);
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("cannot put the merchant key on the token", e);
            }
            Path pin = token.pinFile(work.resolve("hsm-pin"));
            int threads = Integer.getInteger("ams.bench.pkcs11.threads", 4);
            return profile + ".key-source { type = pkcs11, pkcs11 { library = \"" + SoftHsm.LIBRARY + "\", slot = "
                    + token.slot() + ", pin-file = \"" + pin + "\", threads = " + threads + " } }\n" + alipayFiles;
        }
        if (vault == null) {
            return profile + ".merchant-private-key-file = \"" + merchantKeyFile + "\"\n" + alipayFiles;
        }
        Path token = Files.writeString(work.resolve("vault-token"), vault.rootToken());
        String vaultBlock = "gateway.vault { address = \"" + vault.uri() + "\", ca-file = \"" + vault.caPemPath()
                + "\", auth.token-file = \"" + token + "\" }\n";
        if (mode.equals("vault-kv")) {
            vault.kvPut(
                    "secret",
                    "ams/" + BenchStack.CLIENT_ID,
                    Map.of(
                            "merchant_private_key",
                            Base64.getEncoder()
                                    .encodeToString(merchant.getPrivate().getEncoded()),
                            "alipay_public_key_v1",
                            Files.readString(alipayPub, StandardCharsets.US_ASCII)));
            return vaultBlock + profile + ".key-source.type = vault-kv\n";
        }
        vault.transitCreateKey("transit", "ams-" + BenchStack.CLIENT_ID, merchant);
        return vaultBlock + profile + ".key-source.type = vault-transit\n" + alipayFiles;
    }
}
