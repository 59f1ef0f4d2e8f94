package io.amsgateway.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeConfigTest {
    private static final String PROFILES = "gateway.profiles {\n"
            + " sea { client-id = \"SANDBOX_1\", merchant-private-key = \"x\", alipay-public-keys = [ { version = 1, inline = \"y\" } ] }\n"
            + " eu { client-id = \"SANDBOX_2\", merchant-private-key = \"x\", alipay-public-keys = [ { version = 1, inline = \"y\" } ] }\n"
            + "}\n";
    private static final String HASH = sha256("s3cret-token-value");

    @TempDir
    Path dir;

    private static EdgeConfig parse(String hocon) {
        Config root = ConfigFactory.parseString(PROFILES + hocon)
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
        return EdgeConfigLoader.parse(root, Set.of("sea", "eu"));
    }

    private static GatewayConfig load(String hocon) {
        return GatewayConfig.from(ConfigFactory.parseString(PROFILES + hocon)
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    }

    @Test
    void theServedEdgeSettingsLoadIntoTheGatewayConfiguration() {
        assertThat(load("").edge()).isEqualTo(parse(""));
        for (String c : new String[] {
            "gateway.listener.tls { enabled = true, cert-file = /c, key-file = /k }",
            "gateway.listener.unix-socket = /run/gw.sock",
            "gateway.callers.rules = [ { caller = a, profiles = [sea], apis = [\"*\"] } ]",
            "gateway.callers.tokens = [ { name = a, sha256 = \"" + HASH + "\" } ]",
            "gateway.limits.per-caller.rate = 5",
            "gateway.limits.per-profile.max-in-flight = 5",
        }) {
            assertThat(load(c).edge()).as(c).isEqualTo(parse(c)).isNotEqualTo(parse(""));
        }
    }

    @Test
    void theTcpListenerIsOffOnlyWithAUnixSocket() {
        assertThat(load("gateway.listener { port = -1, unix-socket = /run/gw.sock }")
                        .listener()
                        .port())
                .isEqualTo(-1);
        assertThatThrownBy(() -> load("gateway.listener.port = -1"))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("gateway.listener.port")
                .hasMessageContaining("gateway.listener.unix-socket");
        assertThatThrownBy(() -> load("gateway.listener.port = -2")).hasMessageContaining("gateway.listener.port");
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void defaultsAreOffOrGenerous() {
        EdgeConfig e = parse("");
        assertThat(e.tls()).isEqualTo(ListenerTlsConfig.DISABLED);
        assertThat(e.unixSocket()).isEmpty();
        assertThat(e.readTimeout()).isEqualTo(new RequestReadTimeout(Duration.ofSeconds(10), Duration.ofSeconds(30)));
        assertThat(e.callers()).isEqualTo(CallersConfig.NONE);
        assertThat(e.limits().perCaller()).isEqualTo(LimitsConfig.Limit.NONE);
        assertThat(e.limits().perProfile()).isEqualTo(LimitsConfig.Limit.NONE);
        assertThat(e.limits().maxConnections()).isEqualTo(4096);
        assertThat(e.limits().maxBufferedBodyBytes()).isEqualTo(64L << 20);
        assertThat(e.summary()).contains("tls=off").contains("0 rules");
    }

    @Test
    void tlsWithMutualAuth() {
        EdgeConfig e = parse("gateway.listener.tls { enabled = true, cert-file = /tls/tls.crt, key-file = /tls/tls.key,"
                + " client-auth = REQUIRE, client-ca-file = /tls/ca.crt, engine = jdk, reload-interval = 2s }");
        assertThat(e.tls().enabled()).isTrue();
        assertThat(e.tls().certFile()).contains(Path.of("/tls/tls.crt"));
        assertThat(e.tls().clientAuth()).isEqualTo(ListenerTlsConfig.ClientAuth.REQUIRE);
        assertThat(e.tls().clientCaFile()).contains(Path.of("/tls/ca.crt"));
        assertThat(e.tls().engine()).isEqualTo(ListenerTlsConfig.Engine.JDK);
        assertThat(e.tls().reloadInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void tlsMistakesNameTheirKey() {
        assertThatThrownBy(() -> parse("gateway.listener.tls { enabled = true, key-file = /k }"))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("gateway.listener.tls.cert-file");
        assertThatThrownBy(() -> parse("gateway.listener.tls { enabled = true, cert-file = /c }"))
                .hasMessageContaining("gateway.listener.tls.key-file");
        assertThatThrownBy(
                        () -> parse(
                                "gateway.listener.tls { enabled = true, cert-file = /c, key-file = /k, client-auth = require }"))
                .hasMessageContaining("gateway.listener.tls.client-ca-file");
        assertThatThrownBy(() -> parse("gateway.listener.tls.client-auth = want"))
                .hasMessageContaining("gateway.listener.tls.client-auth")
                .hasMessageContaining("none, optional, require");
        assertThatThrownBy(() -> parse("gateway.listener.tls.client-auth = require"))
                .hasMessageContaining("gateway.listener.tls.enabled = true");
        assertThatThrownBy(() -> parse("gateway.listener.tls.engine = boring"))
                .hasMessageContaining("gateway.listener.tls.engine");
        assertThatThrownBy(() -> parse("gateway.listener.tls.reload-interval = 0s"))
                .hasMessageContaining("gateway.listener.tls.reload-interval");
    }

    @Test
    void unixSocketAndReadTimeouts() {
        EdgeConfig e = parse("gateway.listener { unix-socket = /run/ams/gateway.sock,"
                + " request-read-timeout { headers = 5s, whole = 20s } }");
        assertThat(e.unixSocket()).contains(Path.of("/run/ams/gateway.sock"));
        assertThat(e.readTimeout().headers()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse("gateway.listener.unix-socket = \"  \"").unixSocket()).isEmpty();
        assertThatThrownBy(() -> parse("gateway.listener.unix-socket = run/gw.sock"))
                .hasMessageContaining("gateway.listener.unix-socket");
        assertThatThrownBy(() -> parse("gateway.listener.request-read-timeout { headers = 10s, whole = 5s }"))
                .hasMessageContaining("gateway.listener.request-read-timeout.whole");
        assertThatThrownBy(() -> parse("gateway.listener.request-read-timeout.headers = 0s"))
                .hasMessageContaining("gateway.listener.request-read-timeout.headers");
    }

    @Test
    void callerRules() {
        EdgeConfig e = parse("gateway.callers { mode = report, rules = [\n"
                + " { caller = \"spiffe://cluster.local/ns/shop/*\", profiles = [sea], apis = [\"payments/inquiry*\"] }\n"
                + " { caller = \"token:batch\", profiles = [\"*\"], apis = [\"*\"] } ] }");
        assertThat(e.callers().mode()).isEqualTo(CallersConfig.Mode.REPORT);
        assertThat(e.callers().rules())
                .containsExactly(
                        new CallersConfig.Rule(
                                "spiffe://cluster.local/ns/shop/*",
                                java.util.List.of("sea"),
                                java.util.List.of("payments/inquiry*"),
                                "gateway.callers.rules[0]"),
                        new CallersConfig.Rule(
                                "token:batch",
                                java.util.List.of("*"),
                                java.util.List.of("*"),
                                "gateway.callers.rules[1]"));
    }

    @Test
    void ruleMistakesNameTheRuleAndKey() {
        assertThatThrownBy(() -> parse("gateway.callers.rules = [ { caller = a, profiles = [sea], apis = [\"*\"] },"
                        + " { caller = b, profiles = [asia], apis = [\"*\"] } ]"))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("gateway.callers.rules[1].profiles")
                .hasMessageContaining("asia");
        assertThatThrownBy(
                        () -> parse(
                                "gateway.callers.rules = [ { caller = a, profiles = [sea], apis = [\"/ams/api/v1/payments/pay\"] } ]"))
                .hasMessageContaining("gateway.callers.rules[0].apis")
                .hasMessageContaining("below the version");
        assertThatThrownBy(
                        () -> parse(
                                "gateway.callers.rules = [ { caller = a, profiles = [sea], apis = [\"payments/../refund\"] } ]"))
                .hasMessageContaining("gateway.callers.rules[0].apis");
        assertThatThrownBy(() -> parse("gateway.callers.rules = [ { caller = a, profiles = [sea], api = [\"*\"] } ]"))
                .hasMessageContaining("gateway.callers.rules[0].api");
        assertThatThrownBy(() ->
                        parse("gateway.callers.rules = [ { caller = \"a b\", profiles = [sea], apis = [\"*\"] } ]"))
                .hasMessageContaining("gateway.callers.rules[0].caller");
        assertThatThrownBy(() -> parse("gateway.callers.rules = [ { caller = a, profiles = [], apis = [\"*\"] } ]"))
                .hasMessageContaining("gateway.callers.rules[0].profiles");
        assertThatThrownBy(() -> parse("gateway.callers.mode = audit")).hasMessageContaining("gateway.callers.mode");
    }

    @Test
    void tokensInlineAndFromAFileNeverEchoAValue() throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(
                file,
                "# name sha256\n\nbatch " + sha256("batch-token") + "\n  nightly   "
                        + sha256("nightly-token").toUpperCase(java.util.Locale.ROOT) + "  \n");
        EdgeConfig e = parse("gateway.callers { tokens = [ { name = reporting, sha256 = \"" + HASH + "\" } ],"
                + " tokens-file = \"" + file + "\" }");
        assertThat(e.callers().tokens())
                .extracting(CallersConfig.Token::name)
                .containsExactly("reporting", "batch", "nightly");
        assertThat(e.callers().tokens().get(1).key()).isEqualTo(file + ":3");
        assertThat(e.callers().tokens().get(0).sha256())
                .isEqualTo(HexFormat.of().parseHex(HASH));
        assertThat(e.callers().toString()).doesNotContain(HASH);

        assertThatThrownBy(() -> parse("gateway.callers.tokens = [ { name = r, sha256 = \"s3cret-token-value\" } ]"))
                .hasMessageContaining("gateway.callers.tokens[0].sha256")
                .hasMessageNotContaining("s3cret-token-value");
        Files.writeString(file, "batch " + sha256("a") + "\nnightly s3cret-token-value\n");
        assertThatThrownBy(() -> parse("gateway.callers.tokens-file = \"" + file + "\""))
                .hasMessageContaining(file + ":2")
                .hasMessageNotContaining("s3cret-token-value");
        Files.writeString(file, "batch " + sha256("a") + "\nbatch " + sha256("b") + "\n");
        assertThatThrownBy(() -> parse("gateway.callers.tokens-file = \"" + file + "\""))
                .hasMessageContaining("batch is configured twice");
        Files.writeString(file, "one " + sha256("a") + "\ntwo " + sha256("a") + "\n");
        assertThatThrownBy(() -> parse("gateway.callers.tokens-file = \"" + file + "\""))
                .hasMessageContaining("same hash");
        assertThatThrownBy(() -> parse("gateway.callers.tokens-file = \"" + dir.resolve("missing") + "\""))
                .hasMessageContaining("gateway.callers.tokens-file")
                .hasMessageContaining("missing");
    }

    @Test
    void limits() {
        EdgeConfig e = parse("gateway.limits { per-caller { rate = 50, burst = 100, max-in-flight = 20 },"
                + " per-profile { rate = 200 }, max-connections = 100, max-buffered-body-bytes = 8 MiB }");
        assertThat(e.limits().perCaller()).isEqualTo(new LimitsConfig.Limit(50, 100, 20));
        assertThat(e.limits().perProfile()).as("burst 0 means rate").isEqualTo(new LimitsConfig.Limit(200, 200, 0));
        assertThat(e.limits().maxConnections()).isEqualTo(100);
        assertThat(e.limits().maxBufferedBodyBytes()).isEqualTo(8L << 20);
        assertThatThrownBy(() -> parse("gateway.limits.per-caller { rate = 50, burst = 10 }"))
                .hasMessageContaining("gateway.limits.per-caller.burst");
        assertThatThrownBy(() -> parse("gateway.limits.per-profile.burst = 10"))
                .hasMessageContaining("gateway.limits.per-profile.burst");
        assertThatThrownBy(() -> parse("gateway.limits.per-caller.rate = -1"))
                .hasMessageContaining("gateway.limits.per-caller.rate");
        assertThatThrownBy(() -> parse("gateway.limits.max-connections = 0"))
                .hasMessageContaining("gateway.limits.max-connections");
    }
}
