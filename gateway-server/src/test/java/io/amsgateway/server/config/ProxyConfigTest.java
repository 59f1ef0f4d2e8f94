package io.amsgateway.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code upstream.proxy} and the HTTPS_PROXY / NO_PROXY convention, and their start-up errors. */
class ProxyConfigTest {
    private static final String PROFILE =
            "gateway.profiles.sea { client-id = \"SANDBOX_1\", merchant-private-key = \"x\","
                    + " alipay-public-keys = [ { version = 1, inline = \"y\" } ] }\n";

    @TempDir
    Path dir;

    private static GatewayConfig parse(String hocon, Map<String, String> env) {
        return ConfigLoader.load(
                ConfigFactory.parseString(PROFILE + hocon)
                        .withFallback(ConfigFactory.defaultReference())
                        .resolve(),
                env::get);
    }

    private static ProxyConfig proxyOf(GatewayConfig c) {
        return c.profiles().get("sea").upstream().proxy();
    }

    @Test
    void theConfiguredUrlWinsOverTheEnvironmentAndItsPasswordComesFromAFile() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "s3cret\n");
        ProxyConfig p = proxyOf(parse(
                "gateway.upstream-defaults.proxy { url = \"http://egress.internal:3128\", username = gw,"
                        + " password-file = \"" + pw + "\" }",
                Map.of("HTTPS_PROXY", "http://other:8080", "NO_PROXY", "open-sea-global.alipay.com")));
        assertThat(p.host()).isEqualTo("egress.internal");
        assertThat(p.port()).isEqualTo(3128);
        assertThat(p.username()).isEqualTo("gw");
        assertThat(p.password()).isEqualTo("s3cret");
        assertThat(p.toString()).doesNotContain("s3cret");
    }

    @Test
    void theEnvironmentAppliesUnlessNoProxyOrLoopbackOrSwitchedOff() {
        Map<String, String> env = Map.of("https_proxy", "http://u:p%40ss@egress:3128");
        ProxyConfig p = proxyOf(parse("", env));
        assertThat(p.address()).isEqualTo("egress:3128");
        assertThat(p.username()).isEqualTo("u");
        assertThat(p.password()).isEqualTo("p@ss");
        assertThat(p.source()).isEqualTo("https_proxy");
        assertThat(proxyOf(parse("gateway.upstream-defaults.proxy.from-environment = false", env)))
                .isNull();
        assertThat(proxyOf(parse(
                        "gateway.upstream-defaults.url = \"https://localhost:8443\", gateway.upstream-defaults.ca-file = \"\"",
                        env)))
                .as("loopback is never proxied from the environment")
                .isNull();
        Function<String, String> noProxy =
                Map.of("HTTPS_PROXY", "http://egress:3128", "NO_PROXY", "internal, .alipay.com")::get;
        assertThat(ProxyConfig.fromEnvironment(noProxy, "open-sea-global.alipay.com"))
                .isNull();
        assertThat(ProxyConfig.fromEnvironment(noProxy, "alipay.com")).isNull();
        assertThat(ProxyConfig.fromEnvironment(noProxy, "notalipay.com")).isNotNull();
        assertThat(ProxyConfig.fromEnvironment(Map.of("HTTPS_PROXY", "http://e:1", "NO_PROXY", "*")::get, "x"))
                .isNull();
    }

    @Test
    void mistakesNameTheirKeyAndNeverEchoAPassword() throws Exception {
        assertThatThrownBy(
                        () -> parse("gateway.upstream-defaults.proxy.url = \"http://u:hunter2@egress:3128\"", Map.of()))
                .hasMessageContaining("gateway.profiles.sea.upstream.proxy.url")
                .hasMessageContaining("password-file")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parse("gateway.upstream-defaults.proxy.url = \"https://egress:3128\"", Map.of()))
                .hasMessageContaining("gateway.profiles.sea.upstream.proxy.url")
                .hasMessageContaining("http://host[:port]");
        assertThatThrownBy(() -> parse(
                        "gateway.upstream-defaults.proxy { url = \"http://egress:3128\", username = gw }", Map.of()))
                .hasMessageContaining("gateway.profiles.sea.upstream.proxy.username")
                .hasMessageContaining("password-file");
        assertThatThrownBy(() -> parse(
                        "gateway.upstream-defaults.proxy { url = \"http://egress:3128\", username = gw,"
                                + " password-file = \"/nonexistent/pw\" }",
                        Map.of()))
                .hasMessageContaining("gateway.profiles.sea.upstream.proxy.password-file")
                .hasMessageContaining("cannot read /nonexistent/pw");
        assertThatThrownBy(() -> parse("", Map.of("HTTPS_PROXY", "socks5://egress:1080")))
                .hasMessageContaining("gateway.profiles.sea.upstream.proxy.from-environment")
                .hasMessageContaining("HTTPS_PROXY");
    }
}
