package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code helm lint --strict} passes with every values profile, and every rendering parses strictly. */
class ChartLintTest {
    @ParameterizedTest
    @EnumSource(ValuesProfile.class)
    void lintStrictPasses(ValuesProfile profile, @TempDir Path dir) throws Exception {
        LintResult lint = HelmChart.lintStrict(profile, dir);

        assertThat(lint.isFailed())
                .as("helm lint --strict failed: %s", lint.getMessages())
                .isFalse();
        assertThat(lint.getMessages())
                .as("no lint findings (warnings fail under --strict)")
                .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @ParameterizedTest
    @EnumSource(ValuesProfile.class)
    void everyManifestParsesStrictly(ValuesProfile profile) {
        Manifests m = HelmChart.render(profile);

        assertThat(m.kinds()).as("rendered kinds").contains("ConfigMap");
        assertThat(m.gatewayConf()).as("the generated config").contains("profiles {");
    }
}
