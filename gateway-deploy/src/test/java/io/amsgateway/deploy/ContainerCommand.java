package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the gateway container's command line as the chart renders it, here: {@code java} is this
 * JVM's and {@code /app/ams-gateway.jar} the real jar the reactor built; every other argument is
 * kept.
 */
final class ContainerCommand {
    static final String IMAGE_JAR = "/app/ams-gateway.jar";

    /** What the process printed (stdout and stderr) and how it exited. */
    record Result(int exitCode, String output) {}

    private ContainerCommand() {}

    static List<String> localized(List<String> command) {
        List<String> out = new ArrayList<>();
        for (String arg : command) {
            if (out.isEmpty() && arg.equals("java")) {
                out.add(ProcessHandle.current().info().command().orElse("java"));
            } else if (arg.equals(IMAGE_JAR)) {
                out.add(Repo.gatewayJar().toString());
            } else {
                out.add(arg);
            }
        }
        assertThat(out)
                .as("the image's jar is on the command line")
                .contains(Repo.gatewayJar().toString());
        return out;
    }

    static Result run(List<String> command, List<String> args, Path workDir) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(localized(command));
        full.addAll(args);
        Process p = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", full).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
