package io.amsgateway.server.metrics;

import io.amsgateway.core.key.KeyCacheListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The metrics of each profile's key cache: lookups, loads from the key source, stale keys served,
 * and key readiness. Thread-safe.
 */
public final class KeyCacheMetrics {
    private final Counter keyLookups;
    private final Counter keyLoads;
    private final Histogram keyLoadDuration;
    private final Counter keysServedStale;
    private final Map<String, KeyGauges> keyGauges = new ConcurrentHashMap<>();

    private record KeyGauges(String source, IntSupplier stale, BooleanSupplier ready) {}

    KeyCacheMetrics(PrometheusRegistry registry) {
        keyLookups = Counter.builder()
                .name("gateway_key_cache_lookups_total")
                .help("Key lookups by cache result (hit or miss), per profile and key source.")
                .labelNames("profile", "source", "result")
                .register(registry);
        keyLoads = Counter.builder()
                .name("gateway_key_loads_total")
                .help("Loads and refreshes from a key source by outcome (success, not_found, failure).")
                .labelNames("profile", "source", "outcome")
                .register(registry);
        keyLoadDuration = Histogram.builder()
                .name("gateway_key_load_duration_seconds")
                .help("Loads and refreshes from a key source.")
                .unit(Unit.SECONDS)
                .labelNames("profile", "source")
                .classicOnly()
                .classicUpperBounds(Buckets.CALL)
                .register(registry);
        keysServedStale = Counter.builder()
                .name("gateway_keys_served_stale_total")
                .help("Uses of a cached key whose last refresh failed (the key source is unavailable).")
                .labelNames("profile", "source")
                .register(registry);
        GaugeWithCallback.builder()
                .name("gateway_keys_stale")
                .help("Cached keys whose last refresh failed, served until their hard expiry.")
                .labelNames("profile", "source")
                .callback(cb ->
                        keyGauges.forEach((profile, k) -> cb.call(k.stale().getAsInt(), profile, k.source())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("gateway_profile_keys_ready")
                .help("1 when the profile's primary key and Alipay's keys are loaded (stale ones count), else 0.")
                .labelNames("profile", "source")
                .callback(cb -> keyGauges.forEach(
                        (profile, k) -> cb.call(k.ready().getAsBoolean() ? 1 : 0, profile, k.source())))
                .register(registry);
    }

    /**
     * Exports {@code profile}'s stale cached keys and key readiness; the suppliers are read at each
     * scrape, so they must be cheap and thread-safe.
     */
    public void registerKeyGauges(String profile, String source, IntSupplier stale, BooleanSupplier ready) {
        keyGauges.put(profile, new KeyGauges(source, stale, ready));
    }

    /** The listener that counts {@code profile}'s key cache lookups, loads and stale uses. */
    public KeyCacheListener keyCacheListener(String profile, String source) {
        var hit = keyLookups.labelValues(profile, source, "hit");
        var miss = keyLookups.labelValues(profile, source, "miss");
        var served = keysServedStale.labelValues(profile, source);
        var duration = keyLoadDuration.labelValues(profile, source);
        for (String outcome : new String[] {"success", "not_found", "failure"}) {
            keyLoads.labelValues(profile, source, outcome); // at zero from start-up, for increase()
        }
        return new KeyCacheListener() {
            @Override
            public void hit() {
                hit.inc();
            }

            @Override
            public void miss() {
                miss.inc();
            }

            @Override
            public void loaded(String outcome, long nanos) {
                keyLoads.labelValues(profile, source, outcome).inc();
                duration.observe(Unit.nanosToSeconds(nanos));
            }

            @Override
            public void servedStale() {
                served.inc();
            }
        };
    }
}
