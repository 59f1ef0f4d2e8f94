package io.amsgateway.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeySourceTest {
    static final String CLIENT = "SANDBOX_5X00000000000000";
    static final CryptoProvider JDK = CryptoProvider.jdk();
    static final byte[] CONTENT = "POST /ams/api/v1/payments/pay\nC.1.{}".getBytes(StandardCharsets.UTF_8);
    static KeyPair merchant1;
    static KeyPair merchant2;
    static KeyPair alipay1;
    static ExecutorService io;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        merchant1 = TestKeys.rsa();
        merchant2 = TestKeys.rsa();
        alipay1 = TestKeys.rsa();
        io = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void tearDown() {
        io.shutdownNow();
    }

    static <T> T await(CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    FileKeySource directory(Path d) {
        return FileKeySource.directory(d, SignatureAlgorithm.RSA256, JDK, io);
    }

    /** The key signs verifiably with {@code pair}'s public key. */
    static void assertSignsWith(MerchantKey key, KeyPair pair) throws Exception {
        byte[] sig = await(key.signer().sign(CONTENT));
        JcaVerifier.create(key.ref().keyVersion(), SignatureAlgorithm.RSA256, pair.getPublic(), JDK)
                .verify(CONTENT, sig);
    }

    @Test
    void aDirectoryServesEveryVersionByFileName() throws Exception {
        Files.writeString(dir.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(merchant1));
        Files.writeString(dir.resolve("merchant-private-key-v2"), TestKeys.privateBase64(merchant2));
        Files.writeString(dir.resolve("alipay-public-key-v1.pem"), TestKeys.publicPem(alipay1));
        Files.writeString(dir.resolve("README.txt"), "not a key");
        try (FileKeySource s = directory(dir)) {
            assertSignsWith(await(s.merchantKey(new KeyRef(CLIENT, 1))), merchant1);
            MerchantKey v2 = await(s.merchantKey(new KeyRef(CLIENT, 2)));
            assertSignsWith(v2, merchant2);
            assertThat(v2.privateKey())
                    .as("a file key is held locally, for RSA_AES")
                    .isNotNull();
            assertThat(await(s.latestVersion(CLIENT))).isEqualTo(2);
            VerifierSet alipay = await(s.alipayKeys(CLIENT));
            assertThat(alipay.versions()).containsExactly(1);
            assertThatThrownBy(() -> await(s.merchantKey(new KeyRef(CLIENT, 3))))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(KeyNotFoundException.class)
                    .hasMessageContaining("version 3")
                    .hasMessageContaining(dir.toString());
        }
    }

    @Test
    void aBrokenKeyFileIsNamedButNeverShown() throws Exception {
        String garbage = "-----BEGIN PRIVATE KEY-----\nTUlJRXZRSUJBREFOQmdr\n-----END PRIVATE KEY-----\n";
        Files.writeString(dir.resolve("merchant-private-key-v1.pem"), garbage);
        try (FileKeySource s = directory(dir)) {
            assertThatThrownBy(() -> await(s.merchantKey(new KeyRef(CLIENT, 1))))
                    .cause()
                    .isInstanceOf(GatewayException.class)
                    .hasMessageContaining("merchant-private-key-v1.pem")
                    .hasMessageNotContaining("TUlJRXZRSUJBREFOQmdr");
        }
    }

    @Test
    void aMissingDirectoryIsUnavailableNotAbsent() throws Exception {
        try (FileKeySource s = FileKeySource.files(Map.of(), Map.of(), SignatureAlgorithm.RSA256, JDK, io)) {
            assertThatThrownBy(() -> await(s.latestVersion(CLIENT))).cause().isInstanceOf(KeyNotFoundException.class);
        }
        Path missing = dir.resolve("nope");
        Files.createDirectory(missing);
        FileKeySource s = directory(missing);
        Files.delete(missing);
        assertThatThrownBy(() -> await(s.latestVersion(CLIENT)))
                .cause()
                .isInstanceOf(GatewayException.class)
                .isNotInstanceOf(KeyNotFoundException.class)
                .hasMessageContaining("cannot list");
        s.close();
    }

    @Test
    void namedFilesAndInlineKeys() throws Exception {
        Path m = dir.resolve("merchant.pem");
        Files.writeString(m, TestKeys.privatePem(merchant1));
        try (FileKeySource s = FileKeySource.files(
                Map.of(4, new KeyText(m, null)),
                Map.of(1, new KeyText(null, TestKeys.publicBase64(alipay1))),
                SignatureAlgorithm.RSA256,
                JDK,
                io)) {
            assertSignsWith(await(s.merchantKey(new KeyRef(CLIENT, 4))), merchant1);
            assertThat(await(s.latestVersion(CLIENT))).isEqualTo(4);
            assertThat(await(s.alipayKeys(CLIENT)).versions()).containsExactly(1);
        }
    }

    /**
     * Kubernetes updates a Secret volume atomically: the files are symlinks through {@code ..data},
     * itself a symlink to a timestamped directory, and an update renames a new {@code ..data} over
     * the old one. The watcher must notice, and a cache in front must then serve the new key.
     */
    @Test
    void anAtomicSecretVolumeSwapIsPickedUpWithoutRestart() throws Exception {
        Path v1 = Files.createDirectory(dir.resolve("..2026_11_30_01"));
        Files.writeString(v1.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(merchant1));
        Files.writeString(v1.resolve("alipay-public-key-v1.pem"), TestKeys.publicPem(alipay1));
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        for (String f : new String[] {"merchant-private-key-v1.pem", "alipay-public-key-v1.pem"}) {
            Files.createSymbolicLink(dir.resolve(f), Path.of("..data", f));
        }
        Semaphore changes = new Semaphore(0);
        FileKeySource source = directory(dir);
        source.onChange(changes::release);
        try (CachingKeySource cache =
                CachingKeySource.wrap(source, CachingKeySource.Settings.DEFAULTS, KeyCacheListener.NONE)) {
            KeyRef ref = new KeyRef(CLIENT, 1);
            assertSignsWith(await(cache.merchantKey(ref)), merchant1);
            assertThat(await(cache.latestVersion(CLIENT))).isEqualTo(1);

            // kubelet's update: new directory, new ..data renamed over the old, links for new files
            Path v2 = Files.createDirectory(dir.resolve("..2026_11_30_02"));
            Files.writeString(v2.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(merchant2));
            Files.writeString(v2.resolve("merchant-private-key-v2.pem"), TestKeys.privatePem(merchant2));
            Files.writeString(v2.resolve("alipay-public-key-v1.pem"), TestKeys.publicPem(alipay1));
            Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
            Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            Files.createSymbolicLink(
                    dir.resolve("merchant-private-key-v2.pem"), Path.of("..data", "merchant-private-key-v2.pem"));

            assertThat(changes.tryAcquire(10, TimeUnit.SECONDS))
                    .as("the watcher saw the swap")
                    .isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (await(cache.latestVersion(CLIENT)) != 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(await(cache.latestVersion(CLIENT)))
                    .as("the new version is the latest")
                    .isEqualTo(2);
            assertSignsWith(await(cache.merchantKey(new KeyRef(CLIENT, 2))), merchant2);
            while (!signsWith(await(cache.merchantKey(ref)), merchant2) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertSignsWith(await(cache.merchantKey(ref)), merchant2);
        }
    }

    private static boolean signsWith(MerchantKey key, KeyPair pair) throws Exception {
        try {
            assertSignsWith(key, pair);
            return true;
        } catch (io.amsgateway.core.crypto.VerificationException e) {
            return false;
        }
    }

    static String apiKey(String clientId, String secret) {
        return "isak_TEST_"
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(clientId.getBytes(StandardCharsets.UTF_8))
                + "_" + secret;
    }

    @Test
    void theHighestApiKeyVersionInADirectoryServesAndABadOneIsUnusableWithoutShowingIt() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("api-key-v1"), apiKey(CLIENT, "oldSecret"));
        java.nio.file.Files.writeString(dir.resolve("api-key-v2.txt"), apiKey(CLIENT, "newSecret") + "\n");
        try (FileKeySource s = directory(dir)) {
            io.amsgateway.core.protocol.ApiKey k = await(s.apiKey(CLIENT));
            assertThat(k.authorization()).isEqualTo("Bearer " + apiKey(CLIENT, "newSecret"));
            java.nio.file.Files.writeString(dir.resolve("api-key-v3"), apiKey("SANDBOX_OTHER", "wrongSecret"));
            assertThatThrownBy(() -> await(s.apiKey(CLIENT)))
                    .hasCauseInstanceOf(KeyUnusableException.class)
                    .hasMessageContaining("api-key-v3")
                    .hasMessageContaining("another client id")
                    .hasMessageNotContaining("wrongSecret");
        }
        try (FileKeySource none = directory(java.nio.file.Files.createDirectories(dir.resolve("empty")))) {
            assertThatThrownBy(() -> await(none.apiKey(CLIENT))).hasCauseInstanceOf(KeyNotFoundException.class);
        }
    }
}
