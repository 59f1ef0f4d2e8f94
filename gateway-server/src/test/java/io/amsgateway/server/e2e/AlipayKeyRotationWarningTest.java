package io.amsgateway.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.amsgateway.server.proxy.ProxyService;
import io.amsgateway.simulator.LeakCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alipay signs with a key version the gateway does not have yet (a rotation at Alipay before the
 * operator added the key): every answer is withheld, and the log says so once, not once per call.
 */
@ExtendWith(LeakCheck.class)
class AlipayKeyRotationWarningTest {
    @Test
    void answersWithAnUnknownAlipayKeyAreOneWarningNotOnePerCall(@TempDir Path dir) throws Exception {
        try (GatewayFixture f = GatewayFixture.start(dir, b -> b.alipayKeyVersion(2), "");
                LogCapture log = new LogCapture(ProxyService.class)) {
            long failed;
            try (CallLoad load = new CallLoad(f, 8, () -> true)) {
                KeyRotationUnderLoadTest.await("200 answers withheld", () -> load.failed.get() >= 200);
                load.close();
                failed = load.failed.get();
                assertThat(load.ok).hasValue(0);
                assertThat(load.firstFailures).allMatch(r -> r.contains("GATEWAY_RESPONSE_SIGNATURE_INVALID"));
            }
            assertThat(failed).isGreaterThanOrEqualTo(200);
            assertThat(log.find(Level.WARN))
                    .as("one WARN for %d withheld answers (the count follows at the end of its 10 s window)", failed)
                    .singleElement()
                    .extracting(LogCapture.Line::message)
                    .asString()
                    .contains("did not verify (UNKNOWN_KEY_VERSION)")
                    .contains("further ones within 10 s are counted");
        }
    }
}
