package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code helm template} output into fabric8's Kubernetes model classes, strictly: every
 * document must be one of the kinds the chart may render, at the apiVersion it must have, and no
 * field may be unknown to the model. fabric8's classes keep unknown fields in
 * {@code additionalProperties} instead of failing, so every object in the parsed tree is walked and
 * a non-empty {@code additionalProperties} fails the test with its path.
 */
final class StrictManifests {
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

    static final String CERTIFICATE = "cert-manager.io/v1/Certificate";

    /** cert-manager.io/v1 Certificate, the fields the chart may write (unknown ones fail the parse). */
    record CertificateDoc(String apiVersion, String kind, ObjectMeta metadata, CertificateSpec spec) {}

    record CertificateSpec(
            String secretName,
            String duration,
            String renewBefore,
            CertificateKey privateKey,
            List<String> usages,
            List<String> dnsNames,
            IssuerRef issuerRef) {}

    record CertificateKey(String algorithm, int size, String rotationPolicy) {}

    record IssuerRef(String name, String kind, String group) {}

    private StrictManifests() {}

    static Manifests parse(String multiDocumentYaml) {
        List<HasMetadata> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(multiDocumentYaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                String key =
                        doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
                if (key.equals(CERTIFICATE)) {
                    // No model of cert-manager's CRD is at hand: its fields are checked against the
                    // records below (the subset of cert-manager.io/v1 Certificate the chart may write).
                    YAML.treeToValue(doc, CertificateDoc.class);
                    out.add(YAML.treeToValue(doc, GenericKubernetesResource.class));
                    continue;
                }
                Class<? extends HasMetadata> type = KINDS.get(key);
                assertThat(type)
                        .as("a kind the chart may render, at its apiVersion: %s", key)
                        .isNotNull();
                HasMetadata parsed = YAML.treeToValue(doc, type);
                assertNoUnknownFields(parsed, key + " " + parsed.getMetadata().getName());
                out.add(parsed);
            }
        } catch (IOException e) {
            fail("helm template output does not parse: " + e, e);
        }
        return new Manifests(out);
    }

    /** Walks the model's getters; any {@code additionalProperties} entry is a field the model does not know. */
    static void assertNoUnknownFields(Object node, String path) {
        if (node instanceof Collection<?> c) {
            int i = 0;
            for (Object o : c) {
                assertNoUnknownFields(o, path + "[" + i++ + "]");
            }
            return;
        }
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> assertNoUnknownFields(v, path + "." + k));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0
                    || Modifier.isStatic(m.getModifiers())
                    || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(m, node);
            if (value == null) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) value)
                        .as("fields unknown to the Kubernetes model at %s", path)
                        .isEmpty();
            } else {
                assertNoUnknownFields(value, path + "." + m.getName().substring(3));
            }
        }
    }

    private static Object invoke(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("cannot read " + m, e);
        }
    }
}
