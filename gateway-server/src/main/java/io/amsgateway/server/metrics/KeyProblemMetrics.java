package io.amsgateway.server.metrics;

import io.amsgateway.core.key.CachingKeySource;
import io.amsgateway.core.key.KeyCacheListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code gateway_key_problems_total{profile, source, problem}}: key problems the key cache logged
 * as an ERROR, one count per event (the log line's twin, for an alert). {@code problem} is {@code
 * unusable_key} (a key version the source holds does not load: unreadable file, dangling link, not
 * a key of the right kind or size, failed test signature; the last good key keeps signing) or
 * {@code key_gone} (the key a profile signs with, or Alipay's keys, was removed and nothing
 * replaces it: calls fail). Both series of a profile exist from its start at 0, so that {@code
 * increase()} sees the first problem.
 */
public final class KeyProblemMetrics {
    private final Counter problems;

    public KeyProblemMetrics(PrometheusRegistry registry) {
        problems = Counter.builder()
                .name("gateway_key_problems_total")
                .help("Key problems logged as an ERROR (unusable_key: a version that does not load;"
                        + " key_gone: the signing key or Alipay's keys removed), one per event.")
                .labelNames("profile", "source", "problem")
                .register(registry);
    }

    /** {@code base}, plus counting {@code profile}'s problems. */
    public KeyCacheListener counting(KeyCacheListener base, String profile, String source) {
        var unusable = problems.labelValues(profile, source, CachingKeySource.PROBLEM_UNUSABLE_KEY);
        var gone = problems.labelValues(profile, source, CachingKeySource.PROBLEM_KEY_GONE);
        return new KeyCacheListener() {
            @Override
            public void hit() {
                base.hit();
            }

            @Override
            public void miss() {
                base.miss();
            }

            @Override
            public void loaded(String outcome, long nanos) {
                base.loaded(outcome, nanos);
            }

            @Override
            public void servedStale() {
                base.servedStale();
            }

            @Override
            public void problem(String kind) {
                (CachingKeySource.PROBLEM_KEY_GONE.equals(kind) ? gone : unusable).inc();
                base.problem(kind);
            }
        };
    }
}
