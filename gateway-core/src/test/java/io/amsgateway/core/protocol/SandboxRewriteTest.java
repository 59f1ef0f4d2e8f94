package io.amsgateway.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.protocol.SandboxRewrite.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxRewriteTest {
    @Test
    void sandboxClientsGetTheSandboxPathBeforeSigning() {
        assertThat(SandboxRewrite.DEFAULT.apply("SANDBOX_5X00000000000000", "/ams/api/v1/payments/pay"))
                .isEqualTo("/ams/sandbox/api/v1/payments/pay");
        assertThat(SandboxRewrite.DEFAULT.apply("SANDBOX_5X", "/ams/api/v1/payments/pay?lang=en"))
                .isEqualTo("/ams/sandbox/api/v1/payments/pay?lang=en");
    }

    @Test
    void productionClientsAndOtherPathsAreLeftAlone() {
        assertThat(SandboxRewrite.DEFAULT.apply("TEST_5X", "/ams/api/v1/payments/pay"))
                .isEqualTo("/ams/api/v1/payments/pay");
        assertThat(SandboxRewrite.DEFAULT.apply("SANDBOX_5X", "/ams/sandbox/api/v1/payments/pay"))
                .as("already a sandbox path")
                .isEqualTo("/ams/sandbox/api/v1/payments/pay");
        assertThat(SandboxRewrite.DEFAULT.apply("SANDBOX_5X", "/other/ams/api/v1"))
                .isEqualTo("/other/ams/api/v1");
    }

    @Test
    void modesAndProductionOnlyPrefixes() {
        SandboxRewrite always = new SandboxRewrite(Mode.ALWAYS, List.of("/ams/api/v1/instore/"));
        assertThat(always.apply("TEST_5X", "/ams/api/v1/payments/pay")).isEqualTo("/ams/sandbox/api/v1/payments/pay");
        assertThat(always.apply("TEST_5X", "/ams/api/v1/instore/pay")).isEqualTo("/ams/api/v1/instore/pay");
        assertThat(new SandboxRewrite(Mode.NEVER, List.of()).apply("SANDBOX_5X", "/ams/api/v1/payments/pay"))
                .isEqualTo("/ams/api/v1/payments/pay");
        assertThat(Mode.parse(" Always ")).isEqualTo(Mode.ALWAYS);
    }
}
