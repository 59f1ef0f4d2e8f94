package io.amsgateway.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code main} class of the test class path run in a fresh JVM (this JVM's {@code java}), for
 * what a JVM decides once (system properties read at class initialisation, exit hooks).
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** Its exit code and its stdout and stderr together. */
    public record Result(int exitCode, String output) {}

    /** Runs {@code main} with {@code jvmOptions} and {@code args}; fails if it runs past a minute. */
    public static Result run(Class<?> main, List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        return new Result(p.exitValue(), output);
    }
}
