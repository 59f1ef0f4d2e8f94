package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;

/** One rendering of the chart: its manifests, parsed, with lookups by kind and name. */
record Manifests(List<HasMetadata> all) {
    <T extends HasMetadata> List<T> of(Class<T> kind) {
        return all.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The only manifest of this kind. */
    <T extends HasMetadata> T one(Class<T> kind) {
        List<T> found = of(kind);
        assertThat(found).as("exactly one %s", kind.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    List<String> kinds() {
        return all.stream().map(HasMetadata::getKind).sorted().toList();
    }

    /** The gateway's config: gateway.conf of the ConfigMap named after the release. */
    String gatewayConf() {
        ConfigMap cm = of(ConfigMap.class).stream()
                .filter(c -> c.getData().containsKey("gateway.conf"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap with gateway.conf"));
        return cm.getData().get("gateway.conf");
    }

    /** The pod spec of the only Deployment. */
    PodSpec podSpec() {
        return one(Deployment.class).getSpec().getTemplate().getSpec();
    }

    /** The container named ams-gateway in the only Deployment. */
    Container gateway() {
        return podSpec().getContainers().stream()
                .filter(c -> c.getName().equals("ams-gateway"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ams-gateway container"));
    }
}
