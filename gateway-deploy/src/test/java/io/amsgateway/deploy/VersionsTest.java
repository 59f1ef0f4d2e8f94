package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One version everywhere. It is set once, as {@code revision} in the root pom.xml; the jar's
 * manifest (and so the User-Agent and {@code gateway_build_info}), the image tag and the SBOM
 * follow by themselves (checked in {@link ImageEntrypointTest}, {@link JibImageTest}, {@link
 * SbomTest} and {@link RunnableJarTest}). What cannot follow by itself is checked here.
 */
class VersionsTest {
    static final String HOW_TO_BUMP = "\nTo release version X: set <revision>X</revision> in pom.xml, set version and"
            + " appVersion in helm/Chart.yaml and ams-gateway.defaultAppVersion in helm/templates/_helpers.tpl to X, add a '## X' section to CHANGELOG.md, and replace"
            + " ams-gateway:<old> with ams-gateway:X in README.md, helm/README.md and Dockerfile (CHANGELOG.md,"
            + " \"Versions\").";
    static final Pattern IMAGE_TAG = Pattern.compile("ams-gateway:(\\d+\\.\\d+\\.\\d+[A-Za-z0-9.+-]*)");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    final String version = Repo.projectVersion();

    @Test
    void theChartsVersionAndAppVersionAreTheProjectVersion() throws Exception {
        JsonNode chart = YAML.readTree(Repo.chart().resolve("Chart.yaml").toFile());

        assertThat(chart.get("appVersion").asText())
                .as("helm/Chart.yaml appVersion" + HOW_TO_BUMP)
                .isEqualTo(version);
        assertThat(chart.get("version").asText())
                .as("helm/Chart.yaml version (the chart is released with the gateway)" + HOW_TO_BUMP)
                .isEqualTo(version);
    }

    @Test
    void theChartsDefaultImageIsItsAppVersion() {
        assertThat(HelmChart.render(ValuesProfile.STANDALONE).gateway().getImage())
                .as("image.tag defaults to the chart's appVersion")
                .isEqualTo("ams-gateway:" + version);
        assertThat(HelmChart.render(ValuesProfile.SIDECAR).gateway().getImage())
                .as("the sidecar container too")
                .isEqualTo("ams-gateway:" + version);
    }

    @Test
    void theJarsManifestCarriesIt() throws Exception {
        try (JarFile jar = new JarFile(Repo.gatewayJar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Implementation-Version"))
                    .as("the User-Agent and gateway_build_info read it from here")
                    .isEqualTo(version);
        }
    }

    @Test
    void theChangelogHasASectionForIt() throws Exception {
        List<String> headings = Files.readAllLines(Repo.dir().resolve("CHANGELOG.md")).stream()
                .filter(l -> l.startsWith("## "))
                .toList();
        assertThat(headings)
                .as("CHANGELOG.md: what changed for operators in this version" + HOW_TO_BUMP)
                .anyMatch(h -> h.startsWith("## " + version + " ") || h.equals("## " + version));
    }

    @Test
    void everyImageTagInTheDocsIsIt() throws Exception {
        List<String> stale = new ArrayList<>();
        for (Path doc : List.of(
                Repo.dir().resolve("README.md"),
                Repo.chart().resolve("README.md"),
                Repo.dir().resolve("Dockerfile"))) {
            Matcher m = IMAGE_TAG.matcher(Files.readString(doc));
            while (m.find()) {
                if (!m.group(1).equals(version)) {
                    stale.add(Repo.dir().relativize(doc) + ": " + m.group());
                }
            }
        }
        assertThat(stale).as("image tags naming another version" + HOW_TO_BUMP).isEmpty();
    }

    @Test
    void noTemplateHardCodesAnotherVersion() throws Exception {
        // A default image tag written into a template (for consumer charts, where .Chart is the
        // consumer's) must move with the release too.
        Pattern literal = Pattern.compile("\"(\\d+\\.\\d+\\.\\d+(?:-[A-Za-z0-9.]+)?)\"");
        List<String> stale = new ArrayList<>();
        try (Stream<Path> templates = Files.list(Repo.chart().resolve("templates"))) {
            for (Path t : templates.filter(p -> p.toString().endsWith(".tpl")).toList()) {
                Matcher m = literal.matcher(Files.readString(t));
                while (m.find()) {
                    if (!m.group(1).equals(version)) {
                        stale.add(t.getFileName() + ": " + m.group());
                    }
                }
            }
        }
        assertThat(stale).as("version literals in helm/templates" + HOW_TO_BUMP).isEmpty();
    }

    @Test
    void theSidecarTemplatesDefaultVersionIsIt() throws Exception {
        // Included from an application's chart, the templates see that chart's .Chart, so the
        // gateway's own version is written in _helpers.tpl too.
        Matcher m = Pattern.compile("define \"ams-gateway.defaultAppVersion\" -}}\\s*(\\S+)\\s*\\{\\{-")
                .matcher(Files.readString(Repo.chart().resolve("templates/_helpers.tpl")));
        assertThat(m.find())
                .as("_helpers.tpl defines ams-gateway.defaultAppVersion")
                .isTrue();
        assertThat(m.group(1))
                .as("ams-gateway.defaultAppVersion in helm/templates/_helpers.tpl" + HOW_TO_BUMP)
                .isEqualTo(version);
    }
}
