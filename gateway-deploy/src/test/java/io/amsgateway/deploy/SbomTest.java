package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The runnable jar's CycloneDX SBOM, as {@code mvn package} writes it: it names the gateway at the
 * project version, lists gateway-server's direct dependencies with their versions, and describes
 * what the jar really carries (every library merged into it, and both embedded ACCP jars).
 */
class SbomTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @org.junit.jupiter.api.BeforeEach
    void builtOnline() {
        Repo.assumeOnlineBuild();
    }

    @Test
    void theJarCarriesTheSameBom() throws Exception {
        try (ZipFile jar = new ZipFile(Repo.gatewayJar().toFile())) {
            ZipEntry e = jar.getEntry("META-INF/sbom/ams-gateway.cdx.json");
            assertThat(e).as("the SBOM inside the jar").isNotNull();
            try (InputStream in = jar.getInputStream(e)) {
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(Repo.sbom()));
            }
        }
    }

    @Test
    void itNamesTheGatewayAndItsDirectDependenciesWithVersions() throws Exception {
        JsonNode bom = JSON.readTree(Repo.sbom().toFile());
        assertThat(bom.get("bomFormat").asText()).isEqualTo("CycloneDX");
        JsonNode root = bom.at("/metadata/component");
        assertThat(root.get("name").asText()).isEqualTo("gateway-server");
        assertThat(root.get("version").asText()).isEqualTo(Repo.projectVersion());

        Map<String, JsonNode> byRef = new HashMap<>();
        bom.get("components").forEach(c -> byRef.put(c.get("bom-ref").asText(), c));
        List<String> direct = new ArrayList<>();
        for (JsonNode d : bom.get("dependencies")) {
            if (d.get("ref").asText().equals(root.get("bom-ref").asText())) {
                d.get("dependsOn").forEach(r -> direct.add(r.asText()));
            }
        }
        Set<String> listed = new TreeSet<>();
        for (String ref : direct) {
            JsonNode c = byRef.get(ref);
            assertThat(c).as("component %s", ref).isNotNull();
            assertThat(c.get("version").asText()).as("%s has a version", ref).isNotBlank();
            assertThat(c.get("purl").asText())
                    .as("the purl carries the version")
                    .contains("@" + c.get("version").asText());
            listed.add(c.get("group").asText() + ":" + c.get("name").asText() + classifier(c));
        }
        assertThat(listed)
                .as("gateway-server's compile and runtime dependencies, no more, no fewer")
                .isEqualTo(pomDependencies());
        assertThat(byRef.values())
                .filteredOn(c -> c.get("name").asText().equals("gateway-core"))
                .singleElement()
                .satisfies(c -> assertThat(c.get("version").asText()).isEqualTo(Repo.projectVersion()));
    }

    @Test
    void everyLibraryInTheJarIsInTheBomAtItsVersion() throws Exception {
        JsonNode bom = JSON.readTree(Repo.sbom().toFile());
        Map<String, String> versions = new HashMap<>();
        Map<String, String> accp = new HashMap<>();
        bom.get("components").forEach(c -> {
            versions.put(
                    c.get("group").asText() + ":" + c.get("name").asText(),
                    c.get("version").asText());
            if (c.get("name").asText().equals("AmazonCorrettoCryptoProvider")) {
                accp.put(classifier(c).substring(1), c.get("version").asText());
            }
        });
        int checked = 0;
        try (ZipFile jar = new ZipFile(Repo.gatewayJar().toFile())) {
            for (ZipEntry e : java.util.Collections.list(jar.entries())) {
                if (!e.getName().startsWith("META-INF/maven/") || !e.getName().endsWith("/pom.properties")) {
                    continue;
                }
                Properties p = new Properties();
                try (InputStream in = jar.getInputStream(e)) {
                    p.load(in);
                }
                String ga = p.getProperty("groupId") + ":" + p.getProperty("artifactId");
                if (ga.startsWith("io.amsgateway:")) {
                    continue;
                }
                if (ga.startsWith("org.jctools:")) {
                    // Vendored by Netty: netty-common carries JCTools relocated, and the SBOM lists netty-common.
                    assertThat(jar.getEntry("io/netty/util/internal/shaded/org/jctools/queues/MpscArrayQueue.class"))
                            .as("%s is inside netty-common, relocated", ga)
                            .isNotNull();
                    continue;
                }
                assertThat(versions).as("%s is merged into the jar", ga).containsEntry(ga, p.getProperty("version"));
                checked++;
            }
        }
        assertThat(checked).as("libraries merged into the jar").isGreaterThan(20);
        for (String platform : List.of("linux-x86_64", "linux-aarch_64")) {
            Properties v = new Properties();
            v.load(new java.io.ByteArrayInputStream(NativeLibrariesTest.embeddedAccp(platform)
                    .get("com/amazon/corretto/crypto/provider/version.properties")));
            assertThat(accp)
                    .as("the embedded ACCP for %s", platform)
                    .containsEntry(platform, v.getProperty("versionStr"));
        }
    }

    private static String classifier(JsonNode component) {
        String purl = component.get("purl").asText();
        int i = purl.indexOf("classifier=");
        if (i < 0) {
            return "";
        }
        int end = purl.indexOf('&', i);
        return ":" + purl.substring(i + "classifier=".length(), end < 0 ? purl.length() : end);
    }

    /** group:artifact[:classifier] of gateway-server's non-test dependencies, from its pom. */
    private static Set<String> pomDependencies() throws Exception {
        Element project = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Repo.dir().resolve("gateway-server/pom.xml").toFile())
                .getDocumentElement();
        Element dependencies = null;
        NodeList children = project.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element el && el.getTagName().equals("dependencies")) {
                dependencies = el;
            }
        }
        assertThat(dependencies).isNotNull();
        Set<String> out = new HashSet<>();
        NodeList deps = dependencies.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            if (text(d, "scope").equals("test")) {
                continue;
            }
            String classifier = text(d, "classifier");
            out.add(text(d, "groupId") + ":" + text(d, "artifactId") + (classifier.isEmpty() ? "" : ":" + classifier));
        }
        return new TreeSet<>(out);
    }

    private static String text(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
    }
}
