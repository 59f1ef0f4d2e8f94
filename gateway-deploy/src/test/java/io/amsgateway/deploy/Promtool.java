package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' promtool for tests: required in CI ({@code CI} set), where {@code .ci/run} installs
 * Debian's prometheus package; a test is skipped elsewhere without it (as in gateway-server).
 */
final class Promtool {
    private Promtool() {}

    static Path require() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "promtool"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseGet(() -> {
                    String why = "promtool is not on PATH; install it with 'apt-get install prometheus' (.ci/run does)";
                    if (System.getenv("CI") != null) {
                        fail(why);
                    }
                    Assumptions.abort(why);
                    throw new AssertionError(why);
                });
    }

    /** Runs {@code promtool <args>} and returns its output, asserting exit code 0. */
    static String assertSucceeds(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(require().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(p.exitValue()).as("%s:%n%s", cmd, out).isZero();
        return out;
    }
}
