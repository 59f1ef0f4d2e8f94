package io.amsgateway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each plot rendered from synthetic data: a PNG of the expected size that decodes and holds the
 * series' own colours over a real area (so a chart with axes but no data fails), and the same
 * plot without data lacks them (so the colour check can fail).
 */
class PlotsTest {
    private static final Color GATEWAY = Plots.PALETTE[0];
    private static final Color DIRECT = Plots.PALETTE[1];
    private static final Color NGINX = Plots.PALETTE[2];

    @TempDir
    Path dir;

    @Test
    void latencyDrawsOneColourPerMode() throws IOException {
        Map<String, List<Plots.LatencyPoint>> byMode = new LinkedHashMap<>();
        byMode.put(
                "gateway",
                List.of(
                        new Plots.LatencyPoint(1, 950, 900, 2_000, 9_000),
                        new Plots.LatencyPoint(4, 2_050, 1_700, 6_900, 22_000),
                        new Plots.LatencyPoint(16, 2_120, 6_700, 33_000, 56_000),
                        new Plots.LatencyPoint(64, 2_100, 27_000, 80_000, 105_000)));
        byMode.put(
                "direct",
                List.of(
                        new Plots.LatencyPoint(1, 600, 1_500, 4_100, 24_000),
                        new Plots.LatencyPoint(16, 1_380, 10_400, 35_000, 57_000)));
        Path png = dir.resolve("latency.png");
        Plots.latency(png, "latency against throughput", byMode);
        BufferedImage img = decoded(png);
        assertThat(pixels(img, GATEWAY)).isGreaterThan(1_000);
        assertThat(pixels(img, DIRECT)).isGreaterThan(500);
        assertThat(pixels(img, NGINX)).as("no nginx series, no green").isZero();

        Path empty = dir.resolve("latency-empty.png");
        Plots.latency(empty, "latency against throughput", Map.of());
        assertThat(pixels(decoded(empty), GATEWAY)).isZero();
    }

    @Test
    void cpuPerCallStacksThreadGroupsUnderTheMarkers() throws IOException {
        List<Plots.CpuBar> bars = List.of(
                new Plots.CpuBar("c=1", Map.of("ams-io", 440.0, "C2 CompilerThre", 20.0, "VM Thread", 1.0)),
                new Plots.CpuBar("c=16", Map.of("ams-io", 410.0, "C2 CompilerThre", 8.0, "GC Thread", 0.5)));
        Path png = dir.resolve("cpu-per-call.png");
        Plots.cpuPerCall(png, "CPU per call", bars, Plots.cpuMarkers(300, 14));
        BufferedImage img = decoded(png);
        // The largest group is drawn first (bottom) in the first colour: two bars of about 400 us.
        assertThat(pixels(img, GATEWAY)).isGreaterThan(10_000);
        // The small groups are summed into "other" (light grey), drawn on top.
        assertThat(pixels(img, Color.LIGHT_GRAY)).isGreaterThan(0);

        Path empty = dir.resolve("cpu-empty.png");
        Plots.cpuPerCall(empty, "CPU per call", List.of(), Plots.cpuMarkers(300, Double.NaN));
        assertThat(pixels(decoded(empty), GATEWAY)).isZero();
    }

    @Test
    void cpuMarkersNameNginxOnlyWhenKnown() {
        assertThat(Plots.cpuMarkers(294, Double.NaN)).containsOnlyKeys("crypto floor 294 us");
        assertThat(Plots.cpuMarkers(294, 14.4))
                .containsEntry("crypto floor 294 us", 294.0)
                .containsEntry("floor + nginx 308 us", 294 + 14.4);
        assertThat(Plots.cpuMarkers(Double.NaN, 14.4)).isEmpty();
    }

    @Test
    void costVsBodySizeDrawsEachSubject() throws IOException {
        Map<String, SortedMap<Integer, Double>> cost = new LinkedHashMap<>();
        cost.put("gateway", new TreeMap<>(Map.of(1 << 10, 370.0, 16 << 10, 420.0, 64 << 10, 600.0, 1 << 20, 3_900.0)));
        cost.put("nginx", new TreeMap<>(Map.of(1 << 10, 14.0, 16 << 10, 20.0, 64 << 10, 40.0, 1 << 20, 450.0)));
        cost.put("floor", new TreeMap<>(Map.of(1 << 10, 290.0, 16 << 10, 300.0, 64 << 10, 330.0, 1 << 20, 900.0)));
        Path png = dir.resolve("cost-vs-body-size.png");
        Plots.costVsBodySize(png, "cost against body size", cost);
        BufferedImage img = decoded(png);
        assertThat(pixels(img, GATEWAY)).isGreaterThan(500);
        assertThat(pixels(img, NGINX)).isGreaterThan(500);
        // "floor" is neither of the named modes: the first colour after them.
        assertThat(pixels(img, Plots.PALETTE[3])).isGreaterThan(500);

        Path empty = dir.resolve("cost-empty.png");
        Plots.costVsBodySize(empty, "cost against body size", Map.of("gateway", new TreeMap<>()));
        assertThat(pixels(decoded(empty), GATEWAY)).isZero();
    }

    @Test
    void overTimeDrawsTheSeries() throws IOException {
        SortedMap<Double, Double> rss = new TreeMap<>();
        for (int i = 0; i <= 60; i++) {
            rss.put(i / 6.0, 140.0 + (i % 7));
        }
        Path png = dir.resolve("soak.png");
        Plots.overTime(png, "RSS", "MiB", Map.of("RSS", rss), Map.of("160 MiB", 160.0));
        assertThat(pixels(decoded(png), GATEWAY)).isGreaterThan(1_000);
    }

    /** Decodes the PNG and checks its size and that it is not one flat colour. */
    private static BufferedImage decoded(Path png) throws IOException {
        assertThat(png).isRegularFile();
        assertThat(Files.size(png)).isPositive();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as("decodes as an image").isNotNull();
        assertThat(img.getWidth()).isEqualTo(Plots.WIDTH);
        assertThat(img.getHeight()).isEqualTo(Plots.HEIGHT);
        int first = img.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < img.getHeight() && !varied; y += 3) {
            for (int x = 0; x < img.getWidth() && !varied; x += 3) {
                varied = img.getRGB(x, y) != first;
            }
        }
        assertThat(varied).as("not a single colour").isTrue();
        return img;
    }

    /** Pixels within a small distance of {@code c} (anti-aliased edges are not counted). */
    private static int pixels(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xff) - c.getRed()) <= 8
                        && Math.abs(((rgb >> 8) & 0xff) - c.getGreen()) <= 8
                        && Math.abs((rgb & 0xff) - c.getBlue()) <= 8) {
                    n++;
                }
            }
        }
        return n;
    }
}
