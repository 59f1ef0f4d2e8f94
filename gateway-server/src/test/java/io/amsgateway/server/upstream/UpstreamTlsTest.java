package io.amsgateway.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.server.config.UpstreamConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UpstreamTlsTest {
    static UpstreamConfig cfg(String url, Path ca) {
        Duration s = Duration.ofSeconds(1);
        return new UpstreamConfig(URI.create(url), ca, s, s, 1, 1, s, 0, 1024);
    }

    @Test
    void plainHttpHasNoTlsAndAnUnreadableCaFileIsNamed() {
        assertThat(UpstreamTls.forUpstream(cfg("http://localhost:8080", null))).isNull();
        assertThatThrownBy(() -> UpstreamTls.forUpstream(cfg("https://localhost", Path.of("/nonexistent/ca.pem"))))
                .hasMessage("cannot read CA file /nonexistent/ca.pem");
    }
}
