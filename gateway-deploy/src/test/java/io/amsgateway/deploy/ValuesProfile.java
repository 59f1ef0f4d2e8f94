package io.amsgateway.deploy;

import java.nio.file.Path;

/** The values files in {@code helm/ci/}: every mode, key source and monitoring setup the chart supports. */
enum ValuesProfile {
    STANDALONE("standalone-values.yaml"),
    SIDECAR("sidecar-values.yaml"),
    VAULT_KV("vault-kv-values.yaml"),
    VAULT_AGENT("vault-agent-values.yaml"),
    PROMETHEUS_OPERATOR("prometheus-operator-values.yaml"),
    SIDECAR_PODMONITOR("sidecar-podmonitor-values.yaml"),
    SHARED_STATE("shared-state-values.yaml");

    private final String file;

    ValuesProfile(String file) {
        this.file = file;
    }

    Path path() {
        return Repo.chart().resolve("ci").resolve(file);
    }
}
