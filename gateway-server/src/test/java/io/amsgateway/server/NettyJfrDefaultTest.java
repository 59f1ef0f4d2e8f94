package io.amsgateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
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
        ChildJvm.Result r = ChildJvm.run(Probe.class, List.of(jvmOptions));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output()
                .lines()
                .filter(l -> l.startsWith("netty-jfr="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no answer in: " + r.output()));
    }
}
