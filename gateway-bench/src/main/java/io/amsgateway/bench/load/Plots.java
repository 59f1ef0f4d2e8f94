package io.amsgateway.bench.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The harness's pictures, as PNG files rendered headless with JFreeChart: pure functions from
 * plain data (records and maps, no benchmark state) to a file, so that any benchmark can draw
 * them. Series with no finite positive value are left out; an empty input still writes a chart
 * (axes and title only).
 *
 * <ul>
 *   <li>{@link #latency}: latency percentiles (p50, p99, p99.9) against throughput, one colour per
 *       mode, log-scale latency.
 *   <li>{@link #cpuPerCall}: CPU microseconds per call by thread group, stacked, one bar per
 *       concurrency, with horizontal markers (the crypto floor, floor + nginx).
 *   <li>{@link #costVsBodySize}: CPU microseconds per call against body size, log-log, one line
 *       per subject (gateway, nginx, floor).
 *   <li>{@link #overTime}: values against minutes (the soak run's RSS and heap).
 * </ul>
 */
final class Plots {
    static {
        // Before any AWT class is used: no display here, and none is needed to draw into an image.
        System.setProperty("java.awt.headless", "true");
    }

    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    /** Series colours, in order: mode gateway, direct, nginx, then the rest. Opaque, distinct. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), // blue
        new Color(0xff7f0e), // orange
        new Color(0x2ca02c), // green
        new Color(0xd62728), // red
        new Color(0x9467bd), // purple
        new Color(0x8c564b), // brown
        new Color(0xe377c2), // pink
        new Color(0x7f7f7f), // grey
        new Color(0xbcbd22), // olive
        new Color(0x17becf), // cyan
    };

    /** Modes in the order of {@link #PALETTE} (a mode's colour does not depend on which others are present). */
    static final List<String> MODE_ORDER = List.of("gateway", "direct", "nginx");

    /** Thread groups below this share of the largest bar are summed into "other" in {@link #cpuPerCall}. */
    static final double MINOR_GROUP_SHARE = 0.02;

    private static final Font FONT = new Font("DejaVu Sans", Font.PLAIN, 13);

    private Plots() {}

    /** One point of a latency curve: a phase's concurrency, throughput and latency percentiles (us). */
    record LatencyPoint(int concurrency, double throughput, double p50Micros, double p99Micros, double p999Micros) {}

    /** One stacked bar: its label (e.g. "c=16") and CPU microseconds per call by thread group. */
    record CpuBar(String label, Map<String, Double> microsByGroup) {}

    /**
     * The latency points of each mode, in the order of {@code phases} (a sweep: ascending
     * concurrency). Pass only the sweep phases (not the warmups or the half-load repeats).
     */
    static Map<String, List<LatencyPoint>> latencyPoints(List<PhaseResult> phases) {
        Map<String, List<LatencyPoint>> out = new LinkedHashMap<>();
        for (PhaseResult p : phases) {
            out.computeIfAbsent(p.mode(), m -> new ArrayList<>())
                    .add(new LatencyPoint(
                            p.concurrency(), p.throughput(), p.p50Micros(), p.p99Micros(), p.p999Micros()));
        }
        return out;
    }

    /** One bar per phase with a thread-group breakdown (mode gateway), labelled by concurrency. */
    static List<CpuBar> cpuBars(List<PhaseResult> phases) {
        List<CpuBar> out = new ArrayList<>();
        for (PhaseResult p : phases) {
            if (!p.gatewayThreadCpuMicros().isEmpty()) {
                out.add(new CpuBar("c=" + p.concurrency(), p.gatewayThreadCpuMicros()));
            }
        }
        return out;
    }

    /**
     * The markers of {@link #cpuPerCall}: the crypto floor, and floor + nginx's CPU per call when
     * it is known (finite). Insertion-ordered.
     */
    static Map<String, Double> cpuMarkers(double floorMicros, double nginxMicros) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (Double.isFinite(floorMicros)) {
            m.put(String.format(Locale.ROOT, "crypto floor %.0f us", floorMicros), floorMicros);
            if (Double.isFinite(nginxMicros)) {
                m.put(
                        String.format(Locale.ROOT, "floor + nginx %.0f us", floorMicros + nginxMicros),
                        floorMicros + nginxMicros);
            }
        }
        return m;
    }

    /**
     * Latency percentiles against throughput: for each mode, three lines (p50 solid, p99 dashed,
     * p99.9 dotted) through its points in the given order, each point labelled with its
     * concurrency on the p99 line. Latency in milliseconds on a log axis.
     */
    static void latency(Path file, String title, Map<String, List<LatencyPoint>> byMode) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Paint> paints = new ArrayList<>();
        List<BasicStroke> strokes = new ArrayList<>();
        List<Boolean> labelled = new ArrayList<>();
        List<List<Integer>> concurrencies = new ArrayList<>();
        String[] names = {"p50", "p99", "p99.9"};
        BasicStroke[] styles = {
            new BasicStroke(2.5f),
            new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {10f, 5f}, 0f),
            new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 4f}, 0f)
        };
        for (String mode : ordered(byMode.keySet())) {
            List<LatencyPoint> points = byMode.get(mode);
            for (int k = 0; k < 3; k++) {
                XYSeries s = new XYSeries(mode + " " + names[k], false, true);
                List<Integer> cs = new ArrayList<>();
                for (LatencyPoint p : points) {
                    double v = k == 0 ? p.p50Micros() : k == 1 ? p.p99Micros() : p.p999Micros();
                    if (positive(v) && positive(p.throughput())) {
                        s.add(p.throughput(), v / 1e3);
                        cs.add(p.concurrency());
                    }
                }
                if (s.getItemCount() > 0) {
                    data.addSeries(s);
                    paints.add(modeColor(mode, byMode.keySet()));
                    strokes.add(styles[k]);
                    labelled.add(k == 1);
                    concurrencies.add(cs);
                }
            }
        }
        NumberAxis x = new NumberAxis("throughput (calls/s)");
        x.setAutoRangeIncludesZero(true);
        LogarithmicAxis y = logAxis("latency (ms, log scale)");
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, paints.get(i));
            r.setSeriesStroke(i, strokes.get(i));
            if (labelled.get(i)) {
                List<Integer> cs = concurrencies.get(i);
                r.setSeriesItemLabelGenerator(i, (dataset, series, item) -> "c=" + cs.get(item));
                r.setSeriesItemLabelsVisible(i, true);
                r.setSeriesItemLabelFont(i, FONT.deriveFont(11f));
            }
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        write(file, chart(title, plot));
    }

    /**
     * CPU microseconds per call by thread group, stacked, one bar per entry of {@code bars} (in
     * order), with a horizontal line per marker (label to value in us). Groups that never reach
     * {@link #MINOR_GROUP_SHARE} of the tallest bar are summed into "other"; the largest groups
     * are drawn at the bottom.
     */
    static void cpuPerCall(Path file, String title, List<CpuBar> bars, Map<String, Double> markers) throws IOException {
        double tallest = bars.stream()
                .mapToDouble(b -> b.microsByGroup().values().stream()
                        .filter(Plots::positive)
                        .mapToDouble(Double::doubleValue)
                        .sum())
                .max()
                .orElse(0);
        Map<String, Double> totals = new TreeMap<>();
        Map<String, Double> peaks = new TreeMap<>();
        for (CpuBar b : bars) {
            b.microsByGroup().forEach((g, v) -> {
                if (positive(v)) {
                    totals.merge(g, v, Double::sum);
                    peaks.merge(g, v, Math::max);
                }
            });
        }
        List<String> major = totals.keySet().stream()
                .filter(g -> peaks.get(g) >= MINOR_GROUP_SHARE * tallest)
                .sorted(Comparator.comparingDouble((String g) -> totals.get(g)).reversed())
                .toList();
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        boolean anyOther = false;
        for (CpuBar b : bars) {
            double other = 0;
            for (Map.Entry<String, Double> e : b.microsByGroup().entrySet()) {
                if (positive(e.getValue()) && !major.contains(e.getKey())) {
                    other += e.getValue();
                }
            }
            for (String g : major) {
                Double v = b.microsByGroup().get(g);
                data.addValue(positive(v) ? v : 0.0, g, b.label());
            }
            anyOther |= other > 0;
            data.addValue(other, "other", b.label());
        }
        if (!anyOther && data.getRowCount() > 0) {
            data.removeRow("other");
        }
        CategoryAxis x = new CategoryAxis("concurrency");
        x.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        NumberAxis y = new NumberAxis("gateway CPU per call (us)");
        StackedBarRenderer r = new StackedBarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setMaximumBarWidth(0.12);
        for (int i = 0; i < data.getRowCount(); i++) {
            r.setSeriesPaint(i, data.getRowKey(i).equals("other") ? Color.LIGHT_GRAY : PALETTE[i % PALETTE.length]);
        }
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        double top = tallest;
        int i = 0;
        for (Map.Entry<String, Double> m : markers.entrySet()) {
            if (!positive(m.getValue())) {
                continue;
            }
            top = Math.max(top, m.getValue());
            ValueMarker vm = new ValueMarker(
                    m.getValue(),
                    i == 0 ? Color.BLACK : new Color(0x2ca02c).darker(),
                    new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 4f}, 0f));
            vm.setLabel(m.getKey());
            vm.setLabelFont(FONT);
            vm.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            vm.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(vm);
            i++;
        }
        y.setRange(0, Math.max(1, top * 1.15));
        write(file, chart(title, plot));
    }

    /**
     * CPU microseconds per call against body size (bytes), log-log, one line per subject (e.g.
     * "gateway", "nginx", "floor"): {@code subject -> body bytes -> us per call}.
     */
    static void costVsBodySize(Path file, String title, Map<String, SortedMap<Integer, Double>> bySubject)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Paint> paints = new ArrayList<>();
        for (String subject : ordered(bySubject.keySet())) {
            XYSeries s = new XYSeries(subject);
            bySubject.get(subject).forEach((bytes, us) -> {
                if (bytes > 0 && positive(us)) {
                    s.add(bytes.doubleValue(), us);
                }
            });
            if (s.getItemCount() > 0) {
                data.addSeries(s);
                paints.add(modeColor(subject, bySubject.keySet()));
            }
        }
        LogAxis x = bytesAxis("body size (bytes, log scale)");
        x.setNumberFormatOverride(new java.text.NumberFormat() {
            @Override
            public StringBuffer format(double v, StringBuffer b, java.text.FieldPosition p) {
                return b.append(bytes(v));
            }

            @Override
            public StringBuffer format(long v, StringBuffer b, java.text.FieldPosition p) {
                return b.append(bytes(v));
            }

            @Override
            public Number parse(String s, java.text.ParsePosition p) {
                throw new UnsupportedOperationException();
            }
        });
        LogarithmicAxis y = logAxis("CPU per call (us, log scale)");
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < paints.size(); i++) {
            r.setSeriesPaint(i, paints.get(i));
            r.setSeriesStroke(i, new BasicStroke(2.5f));
        }
        write(file, chart(title, new XYPlot(data, x, y, r)));
    }

    /**
     * Values against time in minutes, one line per series ({@code name -> minute -> value}), with
     * optional horizontal markers (label to value), linear axes from zero.
     */
    static void overTime(
            Path file,
            String title,
            String yLabel,
            Map<String, SortedMap<Double, Double>> series,
            Map<String, Double> markers)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, SortedMap<Double, Double>> e : series.entrySet()) {
            XYSeries s = new XYSeries(e.getKey());
            e.getValue().forEach((t, v) -> {
                if (Double.isFinite(t) && Double.isFinite(v)) {
                    s.add(t, v);
                }
            });
            if (s.getItemCount() > 0) {
                data.addSeries(s);
            }
        }
        NumberAxis x = new NumberAxis("minutes");
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        double top = 0;
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(2.5f));
            top = Math.max(top, data.getSeries(i).getMaxY());
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        for (Map.Entry<String, Double> m : markers.entrySet()) {
            if (Double.isFinite(m.getValue())) {
                top = Math.max(top, m.getValue());
                ValueMarker vm = new ValueMarker(
                        m.getValue(),
                        Color.BLACK,
                        new BasicStroke(
                                1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 4f}, 0f));
                vm.setLabel(m.getKey());
                vm.setLabelFont(FONT);
                vm.setLabelAnchor(RectangleAnchor.TOP_LEFT);
                vm.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
                plot.addRangeMarker(vm);
            }
        }
        y.setRange(0, Math.max(1, top * 1.15));
        write(file, chart(title, plot));
    }

    /** The mode's fixed colour (gateway, direct, nginx first), else the next free one after them. */
    private static Color modeColor(String mode, java.util.Collection<String> all) {
        int i = MODE_ORDER.indexOf(mode);
        if (i < 0) {
            List<String> rest =
                    all.stream().filter(m -> !MODE_ORDER.contains(m)).sorted().toList();
            i = MODE_ORDER.size() + rest.indexOf(mode);
        }
        return PALETTE[i % PALETTE.length];
    }

    /** The known modes first, in {@link #MODE_ORDER}, then the others sorted. */
    private static List<String> ordered(java.util.Set<String> keys) {
        List<String> out = new ArrayList<>();
        MODE_ORDER.stream().filter(keys::contains).forEach(out::add);
        keys.stream().filter(k -> !MODE_ORDER.contains(k)).sorted().forEach(out::add);
        return out;
    }

    /** Log scale with 1-2-5 style labels (LogarithmicAxis labels 1..9 x 10^n when they fit). */
    private static LogarithmicAxis logAxis(String label) {
        LogarithmicAxis a = new LogarithmicAxis(label);
        a.setStrictValuesFlag(false);
        a.setAllowNegativesFlag(false);
        a.setAutoRangeNextLogFlag(false);
        a.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        return a;
    }

    /** Body sizes: log base 2, a tick every 4x (1 KiB, 4 KiB, 16 KiB, ...). */
    private static LogAxis bytesAxis(String label) {
        LogAxis a = new LogAxis(label);
        a.setBase(2);
        a.setSmallestValue(1);
        a.setTickUnit(new NumberTickUnit(2), false, false);
        a.setMinorTickMarksVisible(true);
        return a;
    }

    private static String bytes(double v) {
        if (v >= 1 << 20) {
            return new DecimalFormat("0.#").format(v / (1 << 20)) + " MiB";
        }
        if (v >= 1 << 10) {
            return new DecimalFormat("0.#").format(v / (1 << 10)) + " KiB";
        }
        return new DecimalFormat("0").format(v) + " B";
    }

    private static boolean positive(Double v) {
        return v != null && Double.isFinite(v) && v > 0;
    }

    private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot) {
        JFreeChart c = new JFreeChart(title, new Font("DejaVu Sans", Font.BOLD, 16), plot, true);
        c.setBackgroundPaint(Color.WHITE);
        plot.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(new Color(0xdddddd));
            xy.setRangeGridlinePaint(new Color(0xdddddd));
            fonts(xy.getDomainAxis());
            fonts(xy.getRangeAxis());
        } else if (plot instanceof CategoryPlot cp) {
            cp.setRangeGridlinePaint(new Color(0xdddddd));
            cp.getDomainAxis().setLabelFont(FONT);
            cp.getDomainAxis().setTickLabelFont(FONT);
            fonts(cp.getRangeAxis());
        }
        if (c.getLegend() != null) {
            c.getLegend().setItemFont(FONT);
        }
        return c;
    }

    private static void fonts(ValueAxis a) {
        a.setLabelFont(FONT);
        a.setTickLabelFont(FONT);
    }

    private static void write(Path file, JFreeChart chart) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
