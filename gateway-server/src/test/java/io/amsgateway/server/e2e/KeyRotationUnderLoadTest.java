package io.amsgateway.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.amsgateway.core.key.CachingKeySource;
import io.amsgateway.core.testing.TestKeys;
import io.amsgateway.simulator.LeakCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key changes made the way operators make them, while eight callers pay without pause: the
 * simulator says which merchant key version signed each accepted call ({@code
 * acceptedByKeyVersion}), the calls that failed are counted (none wherever a good key exists), and
 * so are the log lines (exactly one per change) and {@code gateway_key_problems_total}.
 */
@ExtendWith(LeakCheck.class)
class KeyRotationUnderLoadTest {
    @TempDir
    Path dir;

    KeyPair merchant1 = GatewayFixture.rsa();
    KeyPair merchant2 = GatewayFixture.rsa();
    GatewayFixture f;
    LogCapture log;

    @AfterEach
    void stop() {
        if (log != null) {
            log.close();
        }
        if (f != null) {
            f.close();
        }
    }

    @Test
    void badNewestKeyFilesNeverSignAndEachIsReportedOnce() throws Exception {
        Path keys = Files.createDirectory(dir.resolve("keys"));
        Files.writeString(keys.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(merchant1));
        f = start(keys, "latest", keys.resolve("alipay-public-key-v1.pem"));
        log = new LogCapture(CachingKeySource.class);
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        List<String> badKeys = List.of(
                TestKeys.publicPem(merchant2), // a public key in the private key file
                "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----\n", // garbage
                TestKeys.privatePem(small.generateKeyPair())); // RSA-1024: the wrong size

        try (CallLoad load = new CallLoad(f, 8, f.gateway::ready)) {
            load.awaitMore(100);
            for (int i = 0; i < badKeys.size(); i++) {
                replace(keys.resolve("merchant-private-key-v2.pem"), badKeys.get(i));
                int errors = i + 1;
                await(
                        "an ERROR for bad key " + errors,
                        () -> log.find(Level.ERROR, "merchant-private-key-v2.pem")
                                        .size()
                                >= errors);
                load.awaitMore(200);
            }
            assertThat(f.accepted(2)).as("a broken version 2 never signed").isZero();

            replace(keys.resolve("merchant-private-key-v2.pem"), TestKeys.privatePem(merchant2));
            await("the good version 2 signs", () -> f.accepted(2) > 0);
            load.awaitMore(100); // calls signed with version 1 before the switch have been answered
            long v1 = f.accepted(1);
            load.awaitMore(200);
            assertThat(f.accepted(1))
                    .as("then nothing is signed with version 1")
                    .isEqualTo(v1);

            load.close();
            assertThat(load.failed)
                    .as("failed calls; first: " + load.firstFailures)
                    .hasValue(0);
            assertThat(load.unready).as("/readyz never said not ready").hasValue(0);
        }
        List<LogCapture.Line> errors = log.find(Level.ERROR);
        assertThat(errors).as("one ERROR per bad key, naming the file and why").hasSize(3);
        assertThat(errors).allSatisfy(l -> assertThat(l.message())
                .contains("merchant key " + GatewayFixture.CLIENT_ID + "#v2 does not load")
                .contains("merchant-private-key-v2.pem is unusable: ")
                .contains("signing stays with version 1"));
        assertThat(errors.stream().map(LogCapture.Line::message).distinct())
                .as("three different reasons")
                .hasSize(3);
        assertThat(log.find(Level.INFO, "signing key version 1 -> 2"))
                .as("the signing key's change, said once")
                .hasSize(1);
        assertThat(log.find(Level.INFO, "#v2 loads again")).hasSize(1);
        assertThat(log.problems()).as("nothing else worth a warning").hasSize(3);
        assertThat(metric("gateway_key_problems_total", "problem=\"unusable_key\""))
                .isEqualTo(3);
        assertThat(metric("gateway_key_problems_total", "problem=\"key_gone\"")).isZero();
        assertThat(metric("gateway_key_loads_total", "outcome=\"failure\""))
                .as("each broken key cost one load (and none per call)")
                .isLessThanOrEqualTo(6);
    }

    @Test
    void danglingSymlinksAreNamedAndTheLastGoodKeysKeepServing() throws Exception {
        Path keys = Files.createDirectory(dir.resolve("keys"));
        Path gen1 = secretGeneration(keys, "..gen1", true, true);
        Files.createSymbolicLink(keys.resolve("..data"), gen1.getFileName());
        FileKeysEndToEndTest.link(keys, "merchant-private-key-v1.pem");
        FileKeysEndToEndTest.link(keys, "alipay-public-key-v1.pem");
        f = start(keys, "1", gen1.resolve("alipay-public-key-v1.pem"));
        log = new LogCapture(CachingKeySource.class);
        Path alipay = gen1.resolve("alipay-public-key-v1.pem");

        try (CallLoad load = new CallLoad(f, 8, f.gateway::ready)) {
            load.awaitMore(100);
            // A Secret update whose payload lost the merchant key: its link now dangles.
            swap(keys, secretGeneration(keys, "..gen2", false, true, alipay));
            await("an ERROR for the dangling merchant key link", () -> !log.find(Level.ERROR, "dangles")
                    .isEmpty());
            load.awaitMore(200);
            // Then one that lost Alipay's key too.
            swap(keys, secretGeneration(keys, "..gen3", false, false, alipay));
            await(
                    "an ERROR for the dangling Alipay key link",
                    () -> log.find(Level.ERROR, "dangles").size() >= 2);
            load.awaitMore(200);
            assertThat(metric("gateway_keys_stale"))
                    .as("served from the last good copies")
                    .isEqualTo(2);
            // The fixed Secret.
            swap(keys, secretGeneration(keys, "..gen4", true, true, alipay));
            await("both load again", () -> log.find(Level.INFO, "load").size() >= 2);
            load.awaitMore(200);
            load.close();
            assertThat(load.failed)
                    .as("failed calls; first: " + load.firstFailures)
                    .hasValue(0);
            assertThat(load.unready).as("/readyz never said not ready").hasValue(0);
        }
        assertThat(log.find(Level.ERROR)).hasSize(2);
        assertThat(log.find(Level.ERROR, "merchant key", "merchant-private-key-v1.pem", "the link dangles"))
                .hasSize(1);
        assertThat(log.find(Level.ERROR, "Alipay public keys", "alipay-public-key-v1.pem", "the link dangles"))
                .hasSize(1);
        assertThat(log.lines()).as("a listed file is never called missing").noneMatch(l -> l.message()
                .contains("no merchant private key version"));
        assertThat(log.find(Level.INFO, "#v1 loads again")).hasSize(1);
        assertThat(log.find(Level.INFO, "Alipay public keys of", "load again")).hasSize(1);
        assertThat(log.problems()).hasSize(2);
        assertThat(metric("gateway_key_problems_total", "problem=\"unusable_key\""))
                .isEqualTo(2);
        assertThat(metric("gateway_keys_stale")).isZero();
        assertThat(f.accepted(2)).isZero();
    }

    @Test
    void aSecretSwapThatRemovesTheSigningKeyIsOneErrorAndAProblem() throws Exception {
        Path keys = Files.createDirectory(dir.resolve("keys"));
        Path gen1 = secretGeneration(keys, "..gen1", true, true);
        Files.createSymbolicLink(keys.resolve("..data"), gen1.getFileName());
        FileKeysEndToEndTest.link(keys, "merchant-private-key-v1.pem");
        FileKeysEndToEndTest.link(keys, "alipay-public-key-v1.pem");
        f = start(keys, "1", gen1.resolve("alipay-public-key-v1.pem"));
        log = new LogCapture(CachingKeySource.class);
        Path alipay = gen1.resolve("alipay-public-key-v1.pem");

        long failedBefore;
        try (CallLoad load = new CallLoad(f, 8, () -> true)) {
            load.awaitMore(100);
            failedBefore = load.failed.get();
            // kubelet's update for a payload without the merchant key: its link is removed.
            swap(keys, secretGeneration(keys, "..gen2", false, true, alipay));
            Files.delete(keys.resolve("merchant-private-key-v1.pem"));
            await("an ERROR for the removed signing key", () -> !log.find(Level.ERROR)
                    .isEmpty());
            await("calls fail: nothing can sign", () -> load.failed.get() > 0);
            Thread.sleep(300); // keep failing for a while: the log stays quiet
            assertThat(f.gateway.ready()).as("not ready without a signing key").isFalse();

            Path gen3 = secretGeneration(keys, "..gen3", true, true, alipay);
            swap(keys, gen3);
            FileKeysEndToEndTest.link(keys, "merchant-private-key-v1.pem");
            await("signing again", () -> f.gateway.ready());
            long failedAfterRestore = load.failed.get();
            load.awaitMore(200);
            load.close();
            assertThat(load.failed.get())
                    .as("no failure once the key is back; first: " + load.firstFailures)
                    .isLessThanOrEqualTo(failedAfterRestore + 8);
        }
        assertThat(failedBefore).isZero();
        assertThat(log.find(Level.ERROR))
                .singleElement()
                .extracting(LogCapture.Line::message)
                .asString()
                .contains("the signing key " + GatewayFixture.CLIENT_ID + "#v1 was removed")
                .contains("GATEWAY_KEY_UNAVAILABLE");
        assertThat(metric("gateway_key_problems_total", "problem=\"key_gone\"")).isEqualTo(1);
        assertThat(log.find(Level.INFO, "#v1 loads again")).hasSize(1);
    }

    /** A Secret generation directory with the merchant key v1 and Alipay's key v1 as asked. */
    Path secretGeneration(Path keys, String name, boolean merchant, boolean alipayKey, Path... alipayFrom)
            throws Exception {
        Path gen = Files.createDirectory(keys.resolve(name));
        if (merchant) {
            Files.writeString(gen.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(merchant1));
        }
        if (alipayKey && alipayFrom.length > 0) {
            Files.copy(alipayFrom[0], gen.resolve("alipay-public-key-v1.pem"));
        }
        return gen;
    }

    /** kubelet's atomic update: a new {@code ..data} link renamed over the old one. */
    static void swap(Path keys, Path generation) throws Exception {
        Files.createSymbolicLink(keys.resolve("..data_tmp"), generation.getFileName());
        Files.move(keys.resolve("..data_tmp"), keys.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Replaces {@code file} atomically (written beside it under a name no key source lists). */
    static void replace(Path file, String content) throws Exception {
        Path tmp = Files.writeString(file.resolveSibling(".tmp-" + file.getFileName()), content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    GatewayFixture start(Path keys, String keyVersion, Path alipayKeyFile) throws Exception {
        return FileKeysEndToEndTest.startWithKeyDir(dir, keys, keyVersion, merchant1, merchant2, alipayKeyFile);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline)
                    .as("timed out waiting for " + what)
                    .isTrue();
            Thread.sleep(10);
        }
    }

    double metric(String name) throws Exception {
        return metric(name, "");
    }

    /** The sum of {@code name}'s samples whose labels contain {@code labelFilter}, from a live scrape. */
    double metric(String name, String labelFilter) throws Exception {
        return f.metric(name, labelFilter);
    }
}
