package io.amsgateway.server.metrics;

import io.amsgateway.core.vault.VaultClient;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** The metrics of the Vault client: requests, logins, auth failures and token renewals. Thread-safe. */
public final class VaultMetrics {
    private final Counter vaultRequests;
    private final Histogram vaultRequestDuration;
    private final Counter vaultAuthFailures;
    private final Counter vaultLogins;
    private final Counter vaultRenewals;

    VaultMetrics(PrometheusRegistry registry) {
        vaultRequests = Counter.builder()
                .name("gateway_vault_requests_total")
                .help("Requests to Vault by operation and HTTP status (0: no answer, e.g. unreachable or timed out).")
                .labelNames("operation", "status")
                .register(registry);
        vaultRequestDuration = Histogram.builder()
                .name("gateway_vault_request_duration_seconds")
                .help("Requests to Vault by operation.")
                .unit(Unit.SECONDS)
                .labelNames("operation")
                .classicOnly()
                .classicUpperBounds(Buckets.CALL)
                .register(registry);
        vaultAuthFailures = Counter.builder()
                .name("gateway_vault_auth_failures_total")
                .help("Vault logins that failed, and tokens Vault refused, by auth method.")
                .labelNames("method")
                .register(registry);
        vaultLogins = Counter.builder()
                .name("gateway_vault_logins_total")
                .help("Successful Vault logins by auth method.")
                .labelNames("method")
                .register(registry);
        vaultRenewals = Counter.builder()
                .name("gateway_vault_token_renewals_total")
                .help("Vault token renewals by outcome (success or failure).")
                .labelNames("outcome")
                .register(registry);
    }

    /**
     * Creates at zero the login, auth-failure and renewal counters of the configured auth {@code
     * method}, so that alerts see the first failure as an increase (see {@link
     * CallMetrics#expectProfile}).
     */
    public void expectMethod(String method) {
        vaultAuthFailures.labelValues(method);
        vaultLogins.labelValues(method);
        vaultRenewals.labelValues("success");
        vaultRenewals.labelValues("failure");
    }

    /** The listener that counts the Vault client's requests, logins and renewals. */
    public VaultClient.Listener vaultListener() {
        return new VaultClient.Listener() {
            @Override
            public void onRequest(String operation, int status, long nanos) {
                vaultRequests.labelValues(operation, Integer.toString(status)).inc();
                vaultRequestDuration.labelValues(operation).observe(Unit.nanosToSeconds(nanos));
            }

            @Override
            public void onAuthFailure(String method) {
                vaultAuthFailures.labelValues(method).inc();
            }

            @Override
            public void onLogin(String method) {
                vaultLogins.labelValues(method).inc();
            }

            @Override
            public void onRenewal(boolean ok) {
                vaultRenewals.labelValues(ok ? "success" : "failure").inc();
            }
        };
    }
}
