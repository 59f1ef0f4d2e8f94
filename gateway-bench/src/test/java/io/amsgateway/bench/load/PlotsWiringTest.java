package io.amsgateway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoadBench's plots from phase results, and SoakBench's growth figures from samples. */
class PlotsWiringTest {
    @TempDir
    Path dir;

    private static PhaseResult phase(String mode, int c, double throughput, double p99, Map<String, Double> threads) {
        boolean gw = mode.equals("gateway");
        return new PhaseResult(
                mode,
                c,
                15,
                (long) (throughput * 15),
                throughput,
                p99 / 3,
                p99,
                p99 * 2,
                p99 * 3,
                Map.of(),
                gw ? 420 : Double.NaN,
                440,
                50,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                threads,
                0,
                1,
                1,
                mode.equals("nginx") ? 15 : Double.NaN,
                1024);
    }

    @Test
    void loadBenchWritesBothPlotsAndLinksThem() throws IOException {
        List<PhaseResult> gateway = List.of(
                phase("gateway", 1, 950, 2_000, Map.of("ams-io", 450.0, "C2 CompilerThre", 10.0)),
                phase("gateway", 16, 2_100, 33_000, Map.of("ams-io", 410.0, "GC Thread", 3.0)));
        List<PhaseResult> curves = new ArrayList<>(gateway);
        curves.add(phase("direct", 1, 600, 4_000, Map.of()));
        String md = LoadBench.plots(dir, curves, gateway, 300, Double.NaN);
        assertThat(md)
                .contains("![latency percentiles against throughput](latency.png)")
                .contains("![gateway CPU per call by thread group](cpu-per-call.png)")
                .doesNotContain("not written");
        assertThat(ImageIO.read(dir.resolve("latency.png").toFile())).isNotNull();
        assertThat(ImageIO.read(dir.resolve("cpu-per-call.png").toFile())).isNotNull();
        assertThat(Plots.latencyPoints(curves)).containsOnlyKeys("gateway", "direct");
        assertThat(Plots.cpuBars(curves)).extracting(Plots.CpuBar::label).containsExactly("c=1", "c=16");
    }

    private static List<SoakBench.Sample> rss(double start, double perMinute, double minutes) {
        List<SoakBench.Sample> out = new ArrayList<>();
        for (double t = 1 / 6.0; t <= minutes + 1e-9; t += 1 / 6.0) {
            out.add(new SoakBench.Sample(t, start + perMinute * t, 10, 1000, 5, 400, 0, 1));
        }
        return out;
    }

    @Test
    void flatRssMeetsNoGrowthAndALeakDoesNot() {
        SoakBench.Growth flat = SoakBench.Growth.of(rss(150, 0, 10), 10);
        assertThat(flat.skipMinutes()).isEqualTo(1);
        assertThat(flat.windowMinutes()).isEqualTo(2);
        assertThat(flat.growth()).isZero();
        assertThat(flat.met()).isTrue();

        SoakBench.Growth leak = SoakBench.Growth.of(rss(150, 2, 10), 10);
        // minutes 1-3 average 154 MiB (150 + 2 x 2), minutes 8-10 average 168 (150 + 2 x 9)
        assertThat(leak.baselineMib()).isCloseTo(154, org.assertj.core.data.Offset.offset(0.2));
        assertThat(leak.finalMib()).isCloseTo(168, org.assertj.core.data.Offset.offset(0.2));
        assertThat(leak.slopeMibPerMinute()).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(leak.met()).isFalse();

        // A slow leak under 5 % over the run still fails on its slope.
        assertThat(SoakBench.Growth.of(rss(150, 0.6, 10), 10).met()).isFalse();
    }
}
