package io.amsgateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Netty's JFR events are on only where a recording started with the JVM, or where {@code
 * io.netty.jfr.enabled} says so: each case is a fresh JVM, since Netty reads the property once.
 */
class NettyJfrDefaultTest {
    @TempDir
    Path dir;

    /** Applies the gateway's default as {@code main} does, then prints what Netty decided. */
    public static final class Probe {
        public static void main(String[] args) {
            GatewayMain.nettyJfrDefault();
            System.out.println("netty-jfr=" + io.netty.util.internal.PlatformDependent.isJfrEnabled());
        }
    }

    @Test
    void offWithoutARecording() throws Exception {
        assertThat(probe()).isEqualTo("netty-jfr=false");
    }

    @Test
    void onWhenARecordingStartedWithTheJvm() throws Exception {
        assertThat(probe("-XX:StartFlightRecording:filename=" + dir.resolve("r.jfr")))
                .isEqualTo("netty-jfr=true");
    }

    @Test
    void thePropertyWinsEitherWay() throws Exception {
        assertThat(probe("-Dio.netty.jfr.enabled=true")).isEqualTo("netty-jfr=true");
        assertThat(probe("-XX:StartFlightRecording:filename=" + dir.resolve("r.jfr"), "-Dio.netty.jfr.enabled=false"))
                .isEqualTo("netty-jfr=false");
    }

    private static String probe(String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines()
                .filter(l -> l.startsWith("netty-jfr="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no answer in: " + out));
    }
}
