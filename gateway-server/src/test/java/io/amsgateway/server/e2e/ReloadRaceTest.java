package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.assertVerifiedSuccess;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.amsgateway.core.testing.TestKeys;
import io.amsgateway.server.Reloader;
import io.amsgateway.server.profile.ClientProfile;
import io.amsgateway.simulator.LeakCheck;
import io.amsgateway.simulator.MerchantPublicKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads (what SIGHUP asks for) in quick succession, under load: the file's content at the last
 * request is what is in force once it is served, every time. Each trial moves to a version whose
 * key was never loaded (a slow move) and at once back to version 1 (nothing to load): before
 * reloads were serialised, the slow move could land after the later reload.
 */
@ExtendWith(LeakCheck.class)
class ReloadRaceTest {
    static final int TRIALS = 40;

    @TempDir
    Path dir;

    @Test
    void twoReloadsInQuickSuccessionLeaveTheLastFileInForce() throws Exception {
        KeyPair merchant1 = GatewayFixture.rsa();
        KeyPair merchant2 = GatewayFixture.rsa();
        Path keys = Files.createDirectory(dir.resolve("keys"));
        Files.writeString(keys.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(merchant1));
        for (int v = 2; v <= TRIALS + 1; v++) {
            Files.writeString(keys.resolve("merchant-private-key-v" + v + ".pem"), TestKeys.privatePem(merchant2));
        }
        String profile = "gateway.profiles.sandbox {\n"
                + "  merchant-private-key-file = null\n"
                + "  alipay-public-keys = []\n"
                + "  key-source.dir = \"" + keys + "\"\n"
                + "}\n";
        try (GatewayFixture f = GatewayFixture.start(
                        dir,
                        merchant1,
                        b -> {
                            for (int v = 2; v <= TRIALS + 1; v++) {
                                b.merchant(new MerchantPublicKey(GatewayFixture.CLIENT_ID, v, merchant2.getPublic()));
                            }
                        },
                        profile + "gateway.profiles.sandbox.key-version = 1\n",
                        alipay -> FileKeysEndToEndTest.copy(alipay, keys.resolve("alipay-public-key-v1.pem")));
                LogCapture log = new LogCapture(Reloader.class)) {
            Path conf = dir.resolve("gateway.conf");
            Files.writeString(conf, f.hocon);
            ClientProfile sandbox = f.gateway.profiles().all().iterator().next();
            try (Reloader reloader = new Reloader(() -> uncheckedConfig(f, conf), f.gateway);
                    CallLoad load = new CallLoad(f, 4, () -> true)) {
                load.awaitMore(50);
                for (int trial = 0; trial < TRIALS; trial++) {
                    assertThat(sandbox.keyVersion())
                            .as("trial %d: no earlier move landed late", trial)
                            .isEqualTo(OptionalInt.of(1));
                    int slow = trial + 2;
                    KeyRotationUnderLoadTest.replace(
                            conf, f.hocon + "gateway.profiles.sandbox.key-version = " + slow + "\n");
                    CompletableFuture<List<String>> first = reloader.request();
                    KeyRotationUnderLoadTest.replace(conf, f.hocon + "gateway.profiles.sandbox.key-version = 1\n");
                    CompletableFuture<List<String>> last = reloader.request();
                    last.get(20, TimeUnit.SECONDS);
                    assertThat(first).isDone();
                    assertThat(sandbox.keyVersion())
                            .as("trial %d: the file says 1", trial)
                            .isEqualTo(OptionalInt.of(1));
                    assertThat(sandbox.primaryKey().get().ref().keyVersion())
                            .as("trial %d: signing with 1", trial)
                            .isEqualTo(1);
                }
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (System.nanoTime() < until) { // nothing lands late after the last reload either
                    assertThat(sandbox.keyVersion()).isEqualTo(OptionalInt.of(1));
                    Thread.sleep(5);
                }
                load.awaitMore(50);
                load.close();
                assertThat(load.failed)
                        .as("failed calls; first: " + load.firstFailures)
                        .hasValue(0);
            }
            long v1 = f.accepted(1);
            assertVerifiedSuccess(f.post("/ams/api/v1/payments/pay", pay(id(), "3")));
            assertThat(f.accepted(1))
                    .as("the call after the last reload signed with 1")
                    .isEqualTo(v1 + 1);
            assertThat(log.problems()).as("every move loaded its key").isEmpty();
            assertThat(log.lines())
                    .as("one line per reload: each a key-version move or nothing changed")
                    .hasSizeBetween(TRIALS, 2 * TRIALS)
                    .allMatch(l -> l.level() == Level.INFO
                            && l.message()
                                    .matches("reload: (profile sandbox: key-version \\d+ -> \\d+|nothing changed)"));

            // A version that does not load: one WARN, and nothing moves.
            try (Reloader reloader = new Reloader(() -> uncheckedConfig(f, conf), f.gateway)) {
                KeyRotationUnderLoadTest.replace(conf, f.hocon + "gateway.profiles.sandbox.key-version = 99\n");
                assertThat(reloader.request().get(20, TimeUnit.SECONDS))
                        .singleElement()
                        .asString()
                        .contains("key-version 99 not moved");
            }
            assertThat(log.find(Level.WARN))
                    .singleElement()
                    .extracting(LogCapture.Line::message)
                    .asString()
                    .startsWith("reload: profile sandbox: key-version 99 not moved, its key did not load")
                    .contains("still signing with 1");
            assertThat(sandbox.keyVersion()).isEqualTo(OptionalInt.of(1));
        }
    }

    static io.amsgateway.server.config.GatewayConfig uncheckedConfig(GatewayFixture f, Path conf) {
        try {
            return GatewayFixture.config(Files.readString(conf), "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
