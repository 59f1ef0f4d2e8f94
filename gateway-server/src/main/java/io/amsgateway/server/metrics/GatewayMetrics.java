package io.amsgateway.server.metrics;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The gateway's metrics, in a {@link PrometheusRegistry} of its own (never the global default,
 * so tests can create as many as they like): the {@link #calls() call metrics}, the {@link
 * #keyCache() key cache metrics} and the {@link #vault() Vault metrics}, plus the gateway's
 * readiness, version, crypto provider and the JVM's metrics.
 *
 * <p>Label values are profile names, {@link ApiLabels API labels}, outcomes, error codes and
 * verification reasons only: never key material, signatures, bodies or card data.
 *
 * <p>Thread-safe; every recording method is lock-free and cheap enough for an event loop.
 * {@link #scrape(OutputStream)} may run concurrently with recording.
 */
public final class GatewayMetrics {
    /** The {@code Content-Type} of {@link #scrape(OutputStream)}'s output. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    /**
     * The most distinct {@code (profile, api)} label pairs, across all profiles; later API names
     * are counted as {@code other} (see {@link ApiLabels}).
     */
    public static final int MAX_API_LABELS = 200;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final CallMetrics calls;
    private final KeyCacheMetrics keyCache;
    private final VaultMetrics vault;
    private final CallerMetrics callers;
    private final Info cryptoProvider;
    private final Info transport;
    private volatile BooleanSupplier ready = () -> false;

    /**
     * Creates the metrics and registers the JVM metrics.
     *
     * @param version the gateway's version for {@code gateway_build_info}
     */
    public GatewayMetrics(String version) {
        calls = new CallMetrics(registry);
        GaugeWithCallback.builder()
                .name("gateway_ready")
                .help("1 when the gateway accepts traffic, else 0.")
                .callback(cb -> cb.call(ready.getAsBoolean() ? 1 : 0))
                .register(registry);
        cryptoProvider = Info.builder()
                .name("gateway_crypto_provider_info")
                .help("The JCA provider that signs RSA (accp, jdk or bc).")
                .labelNames("provider")
                .register(registry);
        transport = Info.builder()
                .name("gateway_transport_info")
                .help("The socket transport (epoll, or nio where epoll's native library does not load).")
                .labelNames("transport")
                .register(registry);
        keyCache = new KeyCacheMetrics(registry);
        vault = new VaultMetrics(registry);
        callers = new CallerMetrics(registry);
        Info buildInfo = Info.builder()
                .name("gateway_build_info")
                .help("The gateway's version.")
                .labelNames("version")
                .register(registry);
        buildInfo.setLabelValues(version);
        registerJvmMetrics(registry);
    }

    /**
     * The JVM's metrics: what {@code JvmMetrics.builder().register(registry)} registers, but the
     * native memory ones only when Native Memory Tracking is on. Without it they are empty anyway,
     * and asking for them costs about 70 ms of the start-up's main thread (docs/benchmarks.md,
     * "Ready time"): the client asks the platform MBean server, which it must first build, for
     * the {@code VM.native_memory} diagnostic command, and the JVM answers that tracking is off.
     */
    private static void registerJvmMetrics(PrometheusRegistry registry) {
        JvmThreadsMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryPoolAllocationMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        if (nativeMemoryTracked(nativeMemoryTrackingOption())) {
            JvmNativeMemoryMetrics.builder().register(registry);
        }
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
    }

    /** The JVM's {@code NativeMemoryTracking} option ("off", "summary" or "detail"), or "off". */
    static String nativeMemoryTrackingOption() {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("NativeMemoryTracking")
                    .getValue();
        } catch (RuntimeException e) { // a JVM without the option (not HotSpot): nothing to track
            return "off";
        }
    }

    /** Whether the value of {@code -XX:NativeMemoryTracking} means tracking is on. */
    static boolean nativeMemoryTracked(String option) {
        return option.equals("summary") || option.equals("detail");
    }

    /** Proxied calls, errors, durations, in-flight calls and upstream pools. */
    public CallMetrics calls() {
        return calls;
    }

    /** Each profile's key cache. */
    public KeyCacheMetrics keyCache() {
        return keyCache;
    }

    /** The Vault client. */
    public VaultMetrics vault() {
        return vault;
    }

    /** The caller edge's decisions. */
    public CallerMetrics callers() {
        return callers;
    }

    /** The {@code api} label for a request path; see {@link ApiLabels#of(String)}. */
    public static String apiLabel(String path) {
        return ApiLabels.of(path);
    }

    /** Sets {@code gateway_transport_info{transport}} (replacing any earlier value). */
    public void transport(String transportName) {
        transport.setLabelValues(transportName);
    }

    /** Sets {@code gateway_crypto_provider_info{provider}} (replacing any earlier value). */
    public void cryptoProvider(String providerName) {
        cryptoProvider.setLabelValues(providerName);
    }

    /** The source of {@code gateway_ready}; read at each scrape. Thread-safe and cheap, please. */
    public void readiness(BooleanSupplier ready) {
        this.ready = ready;
    }

    /** Writes the Prometheus text format (version 0.0.4) to {@code out}; does not close it. */
    public void scrape(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** The Prometheus text format (version 0.0.4) as a string. */
    public String scrapeText() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            scrape(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The registry, for extra collectors (e.g. key cache statistics). */
    public PrometheusRegistry registry() {
        return registry;
    }
}
