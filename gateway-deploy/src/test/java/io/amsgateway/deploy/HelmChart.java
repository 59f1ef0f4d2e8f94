package io.amsgateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/** The chart in {@code helm/}, rendered and linted by real Helm through helm-java. */
final class HelmChart {
    static final String RELEASE = "payments";
    static final String NAMESPACE = "shop";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private HelmChart() {}

    /** {@code helm template payments helm/ -n shop -f <profile> --set k=v...}. */
    static String template(ValuesProfile profile, Map<String, String> sets) {
        TemplateCommand t = new Helm(Repo.chart())
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withValuesFile(profile.path());
        sets.forEach(t::set);
        return t.call();
    }

    static Manifests render(ValuesProfile profile, Map<String, String> sets) {
        return StrictManifests.parse(template(profile, sets));
    }

    static Manifests render(ValuesProfile profile) {
        return render(profile, Map.of());
    }

    /**
     * {@code helm lint --strict} with the profile's values. helm-java's lint takes no values file,
     * so the chart is copied to {@code workDir} with the profile merged into its values.yaml (Helm's
     * own coalescing: maps merge key by key, anything else replaces).
     */
    static LintResult lintStrict(ValuesProfile profile, Path workDir) throws IOException {
        Path copy = workDir.resolve("ams-gateway");
        copyTree(Repo.chart(), copy);
        ObjectNode values =
                (ObjectNode) YAML.readTree(Repo.chart().resolve("values.yaml").toFile());
        merge(values, YAML.readTree(profile.path().toFile()));
        YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
        return new Helm(copy).lint().strict().call();
    }

    private static void merge(ObjectNode into, JsonNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode o && e.getValue().isObject()) {
                merge(o, e.getValue());
            } else {
                into.set(e.getKey(), e.getValue());
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(p -> {
                try {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
