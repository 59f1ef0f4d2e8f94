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
