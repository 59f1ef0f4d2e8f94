package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Dockerfile, parsed (no Docker engine runs here): bases pinned by digest with their tag
 * beside them, the dependency layer resolved from the poms before any source is copied, a
 * non-root runtime on the same base as Jib's.
 */
class DockerfileTest {
    static final Pattern FROM =
            Pattern.compile("FROM (?:--platform=\\S+ )?([^\\s@]+)@sha256:([0-9a-f]{64})(?: AS (\\w+))?");
    static final Pattern TAG_COMMENT = Pattern.compile("# ([a-z0-9./-]+):([A-Za-z0-9._-]+)");

    @Test
    void everyBaseIsPinnedByDigestWithItsTagInAComment() throws Exception {
        List<String> lines = Files.readAllLines(Repo.dir().resolve("Dockerfile"));
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).as("a build and a runtime stage").hasSize(2);
        for (String from : froms) {
            Matcher m = FROM.matcher(from);
            assertThat(m.matches())
                    .as("'%s' pins a digest (image@sha256:...)", from)
                    .isTrue();
            String comment = lines.subList(0, lines.indexOf(from)).stream()
                    .filter(l -> TAG_COMMENT.matcher(l).matches())
                    .reduce((a, b) -> b)
                    .orElse("(none)");
            Matcher tag = TAG_COMMENT.matcher(comment);
            assertThat(tag.matches())
                    .as("a comment above '%s' names the tag the digest was taken from", from)
                    .isTrue();
            assertThat(tag.group(1)).as("the comment names the same image").isEqualTo(m.group(1));
            assertThat(tag.group(2))
                    .as("a precise tag (not latest), so a refresh is a deliberate change")
                    .isNotEqualTo("latest")
                    .matches(".*\\d+\\.\\d+.*");
        }
    }

    @Test
    void theRuntimeBaseIsJibsBase() throws Exception {
        List<String> froms = Files.readAllLines(Repo.dir().resolve("Dockerfile")).stream()
                .filter(l -> l.startsWith("FROM "))
                .toList();
        Matcher runtime = FROM.matcher(froms.get(froms.size() - 1));
        assertThat(runtime.matches()).isTrue();
        assertThat(jibFromImage()).isEqualTo(runtime.group(1) + "@sha256:" + runtime.group(2));
    }

    @Test
    void dependenciesAreResolvedFromThePomsBeforeAnySourceIsCopied() throws Exception {
        List<String> build = buildStage();
        int resolve = indexOf(build, l -> l.startsWith("RUN ") && l.contains("dependency:go-offline"));
        assertThat(resolve).as("a RUN that resolves the dependencies").isPositive();
        List<String> before = build.subList(0, resolve);
        assertThat(before)
                .as("only poms are copied before the dependencies are resolved")
                .filteredOn(l -> l.startsWith("COPY "))
                .allMatch(l -> l.matches("COPY (\\S+/)?pom\\.xml \\S+"));
        for (String module : modules()) {
            assertThat(before)
                    .as("module %s's pom is copied before resolving (the reactor reads every module)", module)
                    .anyMatch(l -> l.startsWith("COPY " + module + "/pom.xml "));
        }
        assertThat(build.subList(resolve, build.size()))
                .as("the sources come after, so a source change keeps the dependency layer")
                .anyMatch(l -> l.startsWith("COPY gateway-server/src "))
                .noneMatch(l -> l.startsWith("COPY . "));
    }

    @Test
    void theRuntimeRunsAsNonRootAndShipsTheSbom() throws Exception {
        List<String> lines = Files.readAllLines(Repo.dir().resolve("Dockerfile"));
        List<String> runtime = lines.subList(lastIndexOf(lines, l -> l.startsWith("FROM ")), lines.size());
        assertThat(runtime)
                .contains("USER 10001:10001")
                .contains(
                        "COPY --from=build /src/gateway-server/target/classes/META-INF/sbom/ams-gateway.cdx.json /app/");
        assertThat(indexOf(runtime, l -> l.equals("USER 10001:10001")))
                .as("USER before the ENTRYPOINT")
                .isLessThan(indexOf(runtime, l -> l.startsWith("ENTRYPOINT ")));
    }

    private static List<String> buildStage() throws Exception {
        List<String> lines = Files.readAllLines(Repo.dir().resolve("Dockerfile"));
        int start = indexOf(lines, l -> l.startsWith("FROM ") && l.endsWith(" AS build"));
        int end = lastIndexOf(lines, l -> l.startsWith("FROM "));
        assertThat(start).as("a build stage").isNotNegative().isLessThan(end);
        return lines.subList(start, end);
    }

    private static List<String> modules() throws Exception {
        NodeList modules = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Repo.dir().resolve("pom.xml").toFile())
                .getElementsByTagName("module");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < modules.getLength(); i++) {
            out.add(modules.item(i).getTextContent().trim());
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    static String jibFromImage() throws Exception {
        Element plugin = jibPlugin();
        NodeList children = plugin.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element c && c.getTagName().equals("configuration")) {
                Element from = (Element) c.getElementsByTagName("from").item(0);
                return from.getElementsByTagName("image")
                        .item(0)
                        .getTextContent()
                        .trim();
            }
        }
        throw new AssertionError("no plugin-level <configuration> for Jib");
    }

    static Element jibPlugin() throws Exception {
        NodeList artifacts = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Repo.dir().resolve("gateway-server/pom.xml").toFile())
                .getElementsByTagName("artifactId");
        for (int i = 0; i < artifacts.getLength(); i++) {
            if (artifacts.item(i).getTextContent().trim().equals("jib-maven-plugin")) {
                return (Element) artifacts.item(i).getParentNode();
            }
        }
        throw new AssertionError("no jib-maven-plugin in gateway-server/pom.xml");
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<String> lines, java.util.function.Predicate<String> p) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
