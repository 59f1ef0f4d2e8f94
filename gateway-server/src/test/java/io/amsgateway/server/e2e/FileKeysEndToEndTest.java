package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.assertVerifiedSuccess;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.testing.TestKeys;
import io.amsgateway.simulator.LeakCheck;
import io.amsgateway.simulator.MerchantPublicKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code file} key source with a key directory laid out as Kubernetes lays out a Secret volume
 * (files as symlinks through {@code ..data}), rotated by an atomic swap while the gateway serves.
 */
@ExtendWith(LeakCheck.class)
class FileKeysEndToEndTest {
    static final String PAY = "/ams/api/v1/payments/pay";

    @TempDir
    Path dir;

    @Test
    void anAtomicSecretSwapRotatesTheSigningKeyWithoutRestart() throws Exception {
        KeyPair merchant1 = GatewayFixture.rsa();
        KeyPair merchant2 = GatewayFixture.rsa();
        Path keys = Files.createDirectory(dir.resolve("keys"));
        Path gen1 = Files.createDirectory(keys.resolve("..2026_11_30_01"));
        Files.writeString(gen1.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(merchant1));
        Files.createSymbolicLink(keys.resolve("..data"), gen1.getFileName());
        link(keys, "merchant-private-key-v1.pem");
        link(keys, "alipay-public-key-v1.pem");
        try (GatewayFixture f = start(keys, "latest", merchant1, merchant2, gen1.resolve("alipay-public-key-v1.pem"))) {
            assertVerifiedSuccess(f.post(PAY, pay(id(), "40")));
            assertThat(f.accepted(1)).isEqualTo(1);

            // kubelet's update: a new generation, ..data renamed over the old one, a link for the new file
            Path gen2 = Files.createDirectory(keys.resolve("..2026_11_30_02"));
            Files.writeString(gen2.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(merchant1));
            Files.writeString(gen2.resolve("merchant-private-key-v2.pem"), TestKeys.privatePem(merchant2));
            copy(gen1.resolve("alipay-public-key-v1.pem"), gen2.resolve("alipay-public-key-v1.pem"));
            Files.createSymbolicLink(keys.resolve("..data_tmp"), gen2.getFileName());
            Files.move(keys.resolve("..data_tmp"), keys.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            link(keys, "merchant-private-key-v2.pem");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (f.accepted(2) == 0) {
                assertThat(System.nanoTime())
                        .as("the gateway never signed with key 2")
                        .isLessThan(deadline);
                assertVerifiedSuccess(f.post(PAY, pay(id(), "41")));
                Thread.sleep(50);
            }
            long v1 = f.accepted(1);
            assertVerifiedSuccess(f.post(PAY, pay(id(), "42")));
            assertThat(f.accepted(1)).as("the newest version signs from now on").isEqualTo(v1);
        }
    }

    static long accepted(GatewayFixture f, int keyVersion) {
        return f.sim.state()
                .path("acceptedByKeyVersion")
                .path(Integer.toString(keyVersion))
                .asLong();
    }

    static String pem(KeyPair k) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'})
                        .encodeToString(k.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void aReloadMovesTheKeyVersionWithoutRestartOnceTheNewKeyLoads() throws Exception {
        KeyPair merchant1 = GatewayFixture.rsa();
        KeyPair merchant2 = GatewayFixture.rsa();
        Path keys = Files.createDirectory(dir.resolve("keys"));
        Files.writeString(keys.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(merchant1));
        Files.writeString(keys.resolve("merchant-private-key-v2.pem"), TestKeys.privatePem(merchant2));
        try (GatewayFixture f = start(keys, "1", merchant1, merchant2, keys.resolve("alipay-public-key-v1.pem"))) {
            assertVerifiedSuccess(f.post(PAY, pay(id(), "60")));
            assertThat(f.accepted(1)).isEqualTo(1);

            assertThat(f.gateway
                            .reload(f.config("gateway.profiles.sandbox.key-version = 2"))
                            .get())
                    .containsExactly("profile sandbox: key-version 1 -> 2");
            assertVerifiedSuccess(f.post(PAY, pay(id(), "61")));
            assertThat(f.accepted(2))
                    .as("signed with version 2 after the reload")
                    .isEqualTo(1);

            assertThat(f.gateway
                            .reload(f.config("gateway.profiles.sandbox.key-version = 7"))
                            .get())
                    .singleElement()
                    .asString()
                    .contains("key-version 7 not moved")
                    .contains("still signing with 2");
            assertVerifiedSuccess(f.post(PAY, pay(id(), "62")));
            assertThat(f.accepted(2))
                    .as("a version that does not load changes nothing")
                    .isEqualTo(2);

            assertThat(f.gateway
                            .reload(f.config("gateway.profiles.sandbox.upstream.response-timeout = 9s\n"
                                    + "gateway.profiles.sandbox.key-version = 2\n"
                                    + "gateway.listener.idle-timeout = 9s"))
                            .get())
                    .containsExactlyInAnyOrder(
                            "profile sandbox: changed beyond key-version; needs a restart, unchanged",
                            "settings outside the profiles changed; they need a restart, unchanged");
            assertThat(f.gateway
                            .reload(f.config("gateway.profiles.sandbox.key-version = 2"))
                            .get())
                    .as("the running version is compared, not the file's first one")
                    .containsExactly("nothing changed");

            assertThat(f.gateway
                            .reload(f.config("gateway.profiles.sandbox.upstream.response-timeout = 9s\n"
                                    + "gateway.profiles.sandbox.key-version = 1"))
                            .get())
                    .as("a key-version move is applied even when the profile changed otherwise too")
                    .containsExactlyInAnyOrder(
                            "profile sandbox: key-version 2 -> 1",
                            "profile sandbox: changed beyond key-version; needs a restart, unchanged");
            long v1 = f.accepted(1);
            assertVerifiedSuccess(f.post(PAY, pay(id(), "63")));
            assertThat(f.accepted(1)).as("signed with version 1 again").isEqualTo(v1 + 1);

            assertThatThrownBy(() -> f.config("gateway.profiles.sandbox.key-version = 0"))
                    .as("key-version 0 is refused (Vault reads 0 as its newest)")
                    .hasMessageContaining("key-version")
                    .hasMessageContaining("must be 1 or more");
        }
    }

    /**
     * A gateway whose profile reads {@code keys} ({@code key-source.dir}) with {@code keyVersion}, in
     * front of a simulator that knows {@code merchant1} as key 1 and {@code merchant2} as key 2; the
     * simulator's Alipay key is copied to {@code alipayKeyFile} before the gateway starts.
     */
    GatewayFixture start(Path keys, String keyVersion, KeyPair merchant1, KeyPair merchant2, Path alipayKeyFile)
            throws Exception {
        return startWithKeyDir(dir, keys, keyVersion, merchant1, merchant2, alipayKeyFile);
    }

    /** As {@link #start}, with the fixture's files in {@code dir}. */
    static GatewayFixture startWithKeyDir(
            Path dir, Path keys, String keyVersion, KeyPair merchant1, KeyPair merchant2, Path alipayKeyFile)
            throws Exception {
        String hocon = "gateway.profiles.sandbox {\n"
                + "  merchant-private-key-file = null\n"
                + "  alipay-public-keys = []\n"
                + "  key-version = " + keyVersion + "\n"
                + "  key-source.dir = \"" + keys + "\"\n"
                + "}\n";
        return GatewayFixture.start(
                dir,
                merchant1,
                b -> b.merchant(MerchantPublicKey.parse(
                        GatewayFixture.CLIENT_ID,
                        2,
                        Base64.getEncoder().encodeToString(merchant2.getPublic().getEncoded()))),
                hocon,
                alipay -> copy(alipay, alipayKeyFile));
    }

    static void link(Path dir, String name) throws Exception {
        Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
    }

    static void copy(Path from, Path to) {
        try {
            Files.copy(from, to);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
