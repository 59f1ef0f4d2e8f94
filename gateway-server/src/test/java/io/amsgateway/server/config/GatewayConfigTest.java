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
}
