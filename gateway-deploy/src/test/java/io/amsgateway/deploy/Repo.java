package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the chart, the Dockerfile and the gateway's runnable jar are, as Maven passes them. */
final class Repo {
    private Repo() {}

    static Path dir() {
        return Path.of(System.getProperty("ams.repo.dir", ".."))
                .toAbsolutePath()
                .normalize();
    }

    static Path chart() {
        return dir().resolve("helm");
    }

    /** The Maven project version ({@code revision} in the root pom), as Maven passes it. */
    static String projectVersion() {
        String v = System.getProperty("ams.project.version");
        assertThat(v).as("ams.project.version is set by gateway-deploy's pom").isNotBlank();
        return v;
    }

    /**
     * Skips the calling test under {@code mvn -o}: the CycloneDX plugin only runs online, so an
     * offline build has no SBOM (and no Jib layout, which carries it). CI builds online.
     */
    static void assumeOnlineBuild() {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                "offline:true".equals(System.getProperty("ams.maven.offline")),
                "built offline (mvn -o): no SBOM, no Jib layout");
    }

    /** The runnable jar's CycloneDX SBOM, written by {@code mvn package} into gateway-server's classes. */
    static Path sbom() {
        Path bom = Path.of(System.getProperty(
                        "ams.gateway.sbom", "../gateway-server/target/classes/META-INF/sbom/ams-gateway.cdx.json"))
                .toAbsolutePath()
                .normalize();
        assertThat(Files.isRegularFile(bom))
                .as(
                        "%s is written by the reactor's package phase (mvn -B verify, online: the CycloneDX"
                                + " plugin skips itself under -o)",
                        bom)
                .isTrue();
        return bom;
    }

    /** The runnable jar that {@code mvn verify} packaged before this module's tests. */
    static Path gatewayJar() {
        Path jar = Path.of(System.getProperty("ams.gateway.jar", "../gateway-server/target/ams-gateway.jar"))
                .toAbsolutePath()
                .normalize();
        assertThat(Files.isRegularFile(jar))
                .as("%s is built by the reactor before this module (mvn -B verify)", jar)
                .isTrue();
        return jar;
    }
}
