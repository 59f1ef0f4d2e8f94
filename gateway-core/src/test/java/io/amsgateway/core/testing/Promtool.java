package io.amsgateway.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' {@code promtool} for tests (its metrics parser and linter, its rule checker and rule
 * tests): the one promtool helper of the project. Required in CI ({@code CI} set), where {@code
 * .ci/run} installs Debian's prometheus package; a test is skipped elsewhere without it.
 */
public final class Promtool {
    private Promtool() {}

    /** The promtool binary; fails (CI) or aborts the test (elsewhere) when it is missing. */
    public static Path require() {
        Optional<Path> found = Arrays.stream(
                        System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String why = "promtool is not on PATH; install it with 'apt-get install prometheus' (.ci/run does)";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return found.get();
    }

    /** Asserts that {@code exposition} passes {@code promtool check metrics} with no problem reported. */
    public static void assertValid(String exposition) throws Exception {
        Process p = new ProcessBuilder(require().toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(output.lines().filter(l -> !l.isBlank()))
                .as("promtool problems in the scrape")
                .isEmpty();
        assertThat(p.exitValue()).as("promtool exit code; output:%n%s", output).isZero();
    }

    /** Runs {@code promtool <args>} and returns its output, asserting exit code 0. */
    public static String assertSucceeds(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(require().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(p.exitValue()).as("%s:%n%s", cmd, out).isZero();
        return out;
    }
}
