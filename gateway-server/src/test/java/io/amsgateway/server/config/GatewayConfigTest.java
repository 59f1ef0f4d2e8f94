package io.amsgateway.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.amsgateway.core.crypto.ProviderMode;
import io.amsgateway.core.protocol.SandboxRewrite;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
    private static GatewayConfig parse(String hocon) {
        return GatewayConfig.from(ConfigFactory.parseString(hocon)
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    }

    @Test
    void referenceDefaultsAreValid() {
        GatewayConfig c = GatewayConfig.from(ConfigFactory.defaultReference());
        assertThat(c.crypto().provider()).isEqualTo(ProviderMode.AUTO);
        assertThat(c.sandbox()).isEqualTo(SandboxRewrite.DEFAULT);
    }

    @Test
    void overridesAreApplied() {
        GatewayConfig c = parse(
                "gateway.crypto.provider = JDK\ngateway.sandbox { mode = never, production-only-prefixes = [\"/ams/api/v1/instore/\"] }");
        assertThat(c.crypto().provider()).isEqualTo(ProviderMode.JDK);
        assertThat(c.sandbox().mode()).isEqualTo(SandboxRewrite.Mode.NEVER);
        assertThat(c.sandbox().productionOnlyPrefixes()).containsExactly("/ams/api/v1/instore/");
    }

    @Test
    void tracingIsOffByDefaultAndItsMistakesAreNamed() {
        assertThat(GatewayConfig.from(ConfigFactory.defaultReference())
                        .tracing()
                        .enabled())
                .isFalse();
        TracingConfig t = parse("gateway.tracing { enabled = true, endpoint = \"http://collector:4318/v1/traces\","
                        + " sample-ratio = 0.25 }")
                .tracing();
        assertThat(t.enabled()).isTrue();
        assertThat(t.endpoint()).hasToString("http://collector:4318/v1/traces");
        assertThat(t.sampleRatio()).isEqualTo(0.25);
        assertThatThrownBy(() -> parse("gateway.tracing.sample-ratio = 1.5"))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("gateway.tracing.sample-ratio")
                .hasMessageContaining("between 0.0 and 1.0");
        assertThatThrownBy(() -> parse("gateway.tracing.endpoint = \"collector:4318\""))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("gateway.tracing.endpoint")
                .hasMessageContaining("http(s)://host");
        assertThatThrownBy(() -> parse("gateway.tracing.sample-rate = 0.5"))
                .as("an unknown key")
                .hasMessageContaining("gateway.tracing.sample-ratio");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> parse("gateway.crypto.provider = openssl"))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("gateway.crypto.provider")
                .hasMessageContaining("auto, accp, jdk, bc");
        assertThatThrownBy(() -> parse("gateway.sandbox.production-only-prefixes = [\"/x\"]"))
                .hasMessageContaining("gateway.sandbox.production-only-prefixes");
        assertThatThrownBy(() -> parse("gateway.sandbox.mode = [1]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.sandbox.mode");
    }

    private static final String PROFILE =
            "gateway.profiles.sea { client-id = \"SANDBOX_1\", merchant-private-key = \"x\","
                    + " alipay-public-keys = [ { version = 1, inline = \"y\" } ] }\n";

    @Test
    void aProfileGetsTheDefaultsAndBecomesTheDefaultProfileWhenAlone() {
        GatewayConfig c = parse(PROFILE);
        ProfileConfig p = c.profiles().get("sea");
        assertThat(p.keyVersion()).hasValue(1);
        assertThat(p.upstream().url().toString()).isEqualTo("https://open-sea-global.alipay.com");
        assertThat(p.upstream().port()).isEqualTo(443);
        assertThat(p.upstream().maxConnections()).isEqualTo(64);
        assertThat(p.encryption().enabled()).as("RSA_AES is off by default").isFalse();
        assertThat(c.defaultProfile()).hasValue("sea");
        assertThat(c.redacted()).contains("inline (1 characters, masked)").doesNotContain("= \"x\"");
    }

    @Test
    void profileMistakesNameTheirKey() {
        assertThatThrownBy(() -> parse(PROFILE + "gateway.profiles.sea.alipay-public-keys = []"))
                .hasMessageContaining("gateway.profiles.sea.alipay-public-keys")
                .hasMessageContaining("never trusted");
        assertThatThrownBy(() -> parse(PROFILE + "gateway.profiles.sea.upstream.url = \"http://alipay.example\""))
                .hasMessageContaining("gateway.profiles.sea.upstream.url");
        assertThatThrownBy(() -> parse(PROFILE + "gateway.profiles.sea.algorithm = HS256"))
                .hasMessageContaining("gateway.profiles.sea.algorithm");
        assertThatThrownBy(() -> parse(PROFILE + "gateway.profiles.sea.merchant-private-key-file = \"/k\""))
                .hasMessageContaining("exactly one of merchant-private-key-file and merchant-private-key");
        assertThatThrownBy(() -> parse(PROFILE + "gateway.profiles.sea.typo = 1"))
                .hasMessageContaining("gateway.profiles.sea.typo")
                .hasMessageContaining("unknown profile key");
        assertThatThrownBy(() -> parse(PROFILE + "gateway.profiles.other = ${gateway.profiles.sea}"))
                .hasMessageContaining("used by two profiles");
        assertThatThrownBy(() -> parse(PROFILE + "gateway.default-profile = nope"))
                .hasMessageContaining("gateway.default-profile");
        assertThatThrownBy(() -> parse(PROFILE + "gateway.listener.port = 70000"))
                .hasMessageContaining("gateway.listener.port");
        assertThatThrownBy(() -> parse(PROFILE + "gateway.profiles.sea.upstream.response-timeout = 0s"))
                .hasMessageContaining("gateway.profiles.sea.upstream.response-timeout");
    }

    @Test
    void notificationsAreOffByDefaultAndNeedAForwardUrlWhenOn() {
        assertThat(parse(PROFILE).notifications().enabled()).isFalse();
        GatewayConfig on = parse(
                PROFILE + "gateway.notifications { enabled = true, forward-url = \"http://127.0.0.1:9000/alipay\" }");
        assertThat(on.notifications().forwardUrl()).hasToString("http://127.0.0.1:9000/alipay");
        assertThat(on.notifications().maxAge()).hasHours(1);
        assertThatThrownBy(() -> parse(PROFILE + "gateway.notifications.enabled = true"))
                .hasMessageContaining("gateway.notifications.forward-url");
        assertThatThrownBy(() -> parse(PROFILE + "gateway.notifications.path-prefix = \"/ams/api/notify\""))
                .hasMessageContaining("gateway.notifications.path-prefix");
    }
}
