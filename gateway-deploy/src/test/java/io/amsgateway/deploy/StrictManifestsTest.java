package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The strict parse is strict: the guard every chart test relies on. */
class StrictManifestsTest {
    static final String DEPLOYMENT =
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers:
                    - name: c
                      image: i
                      %s
            """;

    @Test
    void aKnownFieldParses() {
        assertThat(StrictManifests.parse(DEPLOYMENT.formatted("readinessProbe: {httpGet: {path: /readyz, port: 1}}"))
                        .kinds())
                .containsExactly("Deployment");
    }

    @Test
    void aMisspelledFieldDeepInThePodFails() {
        assertThatThrownBy(() -> StrictManifests.parse(
                        DEPLOYMENT.formatted("readinessProbe: {httpGet: {paht: /readyz, port: 1}}")))
                .as("fabric8 would keep it in additionalProperties; the walk finds it")
                .hasMessageContaining("fields unknown to the Kubernetes model")
                .hasMessageContaining("paht");
    }

    @Test
    void aKindTheChartMustNotRenderFails() {
        assertThatThrownBy(() -> StrictManifests.parse("apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\n"))
                .hasMessageContaining("policy/v1beta1/PodDisruptionBudget");
    }
}
