package io.amsgateway.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.error.ErrorCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * gateway-core's packages read one way, each using only those before it (docs/request-path.md,
 * "gateway-core's layers"): {@code concurrent} and {@code error} at the bottom, then {@code
 * crypto}, {@code protocol}, {@code vault} and {@code key}. Checked on the compiled classes with
 * the JDK's own {@code jdeps}, so every reference counts (fields, signatures, method bodies), not
 * just imports.
 */
class PackageLayersTest {
    private static final String ROOT = "io.amsgateway.core.";
    /** Bottom first; a package may depend on the packages before it only. */
    private static final List<String> LAYERS = List.of("concurrent", "error", "crypto", "protocol", "vault", "key");

    private static final Pattern EDGE =
            Pattern.compile("^\\s*" + Pattern.quote(ROOT) + "(\\S+)\\s+->\\s+" + Pattern.quote(ROOT) + "(\\S+)\\s");

    @Test
    void everyPackageDependsOnlyOnTheLayersBeneathIt() throws Exception {
        Map<String, Set<String>> deps = dependencies();
        assertThat(deps.keySet()).as("every package has its place in LAYERS").isSubsetOf(LAYERS);

        List<String> upward = new ArrayList<>();
        deps.forEach((from, tos) -> tos.forEach(to -> {
            if (LAYERS.indexOf(to) >= LAYERS.indexOf(from)) {
                upward.add(from + " -> " + to);
            }
        }));
        assertThat(upward).as("dependencies against the order " + LAYERS).isEmpty();
    }

    @Test
    void thereIsNoCycleBetweenPackages() throws Exception {
        assertThat(cycles(dependencies())).isEmpty();
    }

    @Test
    void theCycleCheckFindsACycle() {
        Map<String, Set<String>> deps = new TreeMap<>(Map.of(
                "crypto", Set.of("key", "error"),
                "key", Set.of("crypto"),
                "error", Set.of()));
        assertThat(cycles(deps)).containsExactly("crypto -> key -> crypto");
    }

    /** Package -> the other core packages it references, from jdeps over the compiled classes. */
    static Map<String, Set<String>> dependencies() throws URISyntaxException {
        Path classes = Path.of(ErrorCode.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("jdeps is missing: run the build with a JDK, not a JRE"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", classes.toString());
        assertThat(rc).as("jdeps: " + err).isZero();
        Map<String, Set<String>> deps = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (m.find()) {
                String from = m.group(1);
                String to = m.group(2);
                deps.computeIfAbsent(from, k -> new TreeSet<>());
                if (!from.equals(to)) {
                    deps.get(from).add(to);
                }
            }
        }
        assertThat(deps).as("jdeps found the core packages in " + classes).containsKeys("crypto", "key");
        return deps;
    }

    /** Each cycle once, as "a -> b -> a", starting from its alphabetically first package. */
    static Set<String> cycles(Map<String, Set<String>> deps) {
        Set<String> found = new LinkedHashSet<>();
        for (String start : deps.keySet()) {
            walk(start, start, new ArrayList<>(List.of(start)), deps, found);
        }
        return found;
    }

    private static void walk(
            String start, String at, List<String> path, Map<String, Set<String>> deps, Set<String> found) {
        for (String next : deps.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                found.add(String.join(" -> ", path) + " -> " + start);
            } else if (next.compareTo(start) > 0 && !path.contains(next)) {
                path.add(next);
                walk(start, next, path, deps, found);
                path.remove(path.size() - 1);
            }
        }
    }
}
