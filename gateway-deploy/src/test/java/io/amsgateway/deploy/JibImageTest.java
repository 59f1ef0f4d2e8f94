package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The image Jib lays out, read from the OCI tarball that {@code mvn verify} builds on an empty base
 * ({@code scratch}: no registry here; the real base is only a different first layer): the runnable
 * jar once, beside its SBOM, and nothing of Jib's own exploded classpath; the chart's command line,
 * user and the project version.
 */
class JibImageTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @org.junit.jupiter.api.BeforeEach
    void builtOnline() {
        Repo.assumeOnlineBuild();
    }

    @Test
    void theApplicationIsTheRunnableJarOnce() throws Exception {
        Map<String, byte[]> blobs = tarEntries(Files.newInputStream(jibTar()));
        JsonNode manifest = manifest(blobs);

        Map<String, byte[]> files = new LinkedHashMap<>();
        for (JsonNode layer : manifest.get("layers")) {
            byte[] gz = blob(blobs, layer.get("digest").asText());
            files.putAll(tarEntries(new GZIPInputStream(new ByteArrayInputStream(gz))));
        }

        assertThat(files.keySet())
                .as("no /app/libs, /app/classes or /app/resources: the shaded jar already holds them")
                .containsExactlyInAnyOrder("app/ams-gateway.jar", "app/ams-gateway.cdx.json");
        assertThat(sha256(files.get("app/ams-gateway.jar")))
                .as("the jar the reactor built")
                .isEqualTo(sha256(Files.readAllBytes(Repo.gatewayJar())));
        assertThat(files.get("app/ams-gateway.cdx.json")).isEqualTo(Files.readAllBytes(Repo.sbom()));
    }

    @Test
    void theChartsCommandUserAndVersion() throws Exception {
        Map<String, byte[]> blobs = tarEntries(Files.newInputStream(jibTar()));
        JsonNode config = JSON.readTree(
                        blob(blobs, manifest(blobs).at("/config/digest").asText()))
                .get("config");
        Container chart = HelmChart.render(ValuesProfile.STANDALONE).gateway();

        assertThat(strings(config.get("Entrypoint"))).isEqualTo(chart.getCommand());
        assertThat(strings(config.get("Cmd"))).isEqualTo(chart.getArgs());
        assertThat(config.get("User").asText()).isEqualTo("10001:10001");
        assertThat(config.at("/Labels/org.opencontainers.image.version").asText())
                .isEqualTo(Repo.projectVersion());
        assertThat(JSON.readTree(blobs.get("index.json"))
                        .at("/manifests/0/annotations/org.opencontainers.image.ref.name")
                        .asText())
                .as("the image tag is the project version")
                .isEqualTo("ams-gateway:" + Repo.projectVersion());
    }

    static Path jibTar() {
        Path tar = Repo.gatewayJar().resolveSibling("jib-layout.tar");
        assertThat(Files.isRegularFile(tar))
                .as("%s is built by gateway-server's verify phase (jib:buildTar, layout-check)", tar)
                .isTrue();
        return tar;
    }

    static JsonNode manifest(Map<String, byte[]> blobs) throws IOException {
        String digest =
                JSON.readTree(blobs.get("index.json")).at("/manifests/0/digest").asText();
        return JSON.readTree(blob(blobs, digest));
    }

    static byte[] blob(Map<String, byte[]> blobs, String digest) {
        byte[] b = blobs.get("blobs/" + digest.replace(':', '/'));
        assertThat(b).as("blob %s", digest).isNotNull();
        return b;
    }

    static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** The regular files of a (ustar or PAX) tar stream, by path. */
    static Map<String, byte[]> tarEntries(InputStream raw) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = raw) {
            String paxPath = null;
            while (true) {
                byte[] header = in.readNBytes(512);
                if (header.length < 512 || header[0] == 0) {
                    return out;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                long size = Long.parseLong(
                        field(header, 124, 12).trim().isEmpty()
                                ? "0"
                                : field(header, 124, 12).trim(),
                        8);
                char type = (char) header[156];
                byte[] data = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                if (type == 'x') {
                    paxPath = paxValue(data, "path");
                    continue;
                }
                String path = paxPath != null ? paxPath : prefix.isEmpty() ? name : prefix + "/" + name;
                paxPath = null;
                if (type == '0' || type == 0) {
                    out.put(path.startsWith("./") ? path.substring(2) : path, data);
                }
            }
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String paxValue(byte[] records, String key) {
        for (String record : new String(records, StandardCharsets.UTF_8).split("\n")) {
            int space = record.indexOf(' ');
            int eq = record.indexOf('=');
            if (space > 0 && eq > space && record.substring(space + 1, eq).equals(key)) {
                return record.substring(eq + 1);
            }
        }
        return null;
    }
}
