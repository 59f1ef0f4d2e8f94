package io.amsgateway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.crypto.PemKeys;
import io.amsgateway.core.crypto.SelfSignedCertificate;
import io.amsgateway.simulator.AmsSimulator;
import io.amsgateway.simulator.MerchantPublicKey;
import io.amsgateway.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nginx in front of the real simulator (in this JVM, TLS with its generated certificate), as
 * the load benchmark runs them: mode {@code nginx} calls come back verified; with a certificate
 * nginx does not trust, nginx refuses the upstream (502), so its verification is on.
 */
class NginxProxyEndToEndTest {
    private static final String CLIENT_ID = "SANDBOX_5YLOADTEST00001";

    @TempDir
    Path dir;

    @Test
    void callsThroughNginxAreAnsweredAndVerified() throws Exception {
        Map<String, Long> failures = runThroughNginx(false);

        assertThat(failures).isEmpty();
    }

    @Test
    void nginxRefusesAnUpstreamItDoesNotTrust() throws Exception {
        Map<String, Long> failures = runThroughNginx(true);

        assertThat(failures).containsOnlyKeys("http-502");
    }

    /** Runs one caller through nginx for a moment; returns the failures (none counted as success). */
    private Map<String, Long> runThroughNginx(boolean untrusted) throws Exception {
        Path nginxBinary = NginxProxyTest.nginx();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair merchant = g.generateKeyPair();
        Path cert = dir.resolve("sim.pem");
        AmsSimulator sim = new AmsSimulator(SimulatorConfig.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .controlPort(-1)
                .certificateOut(cert)
                .merchant(new MerchantPublicKey(CLIENT_ID, 1, merchant.getPublic()))
                .build());
        try {
            int simPort = sim.start().port();
            Path trusted = cert;
            if (untrusted) {
                SelfSignedCertificate other = SelfSignedCertificate.generate(
                        "localhost", List.of("localhost", "127.0.0.1"), Duration.ofDays(1), true);
                trusted = Files.writeString(
                        dir.resolve("other.pem"),
                        PemKeys.pem("CERTIFICATE", other.certificate().getEncoded()));
            }
            Path logs = Files.createDirectories(dir.resolve("logs"));
            try (NginxProxy nginx = NginxProxy.start(nginxBinary, dir, logs, dir.resolve("pids"), simPort, trusted);
                    LoadGenerator gen = new LoadGenerator(1)) {
                PayBodies bodies = new PayBodies(1024, "t");
                DirectCalls calls = new DirectCalls(
                        "nginx", bodies, CLIENT_ID, merchant.getPrivate(), sim.alipayPublicKey(), nginx.port());
                LoadRun run = gen.start(nginx.port(), null, "127.0.0.1", calls, 1);
                run.beginMeasure();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                long succeeded = 0;
                long failed = 0;
                while (System.nanoTime() < deadline && succeeded + failed < 20) {
                    Thread.sleep(50);
                    // each window holds the calls since the previous one
                    succeeded += run.endMeasure().latencies().getTotalCount();
                    failed = run.failures().values().stream()
                            .mapToLong(Long::longValue)
                            .sum();
                }
                run.close();
                assertThat(succeeded + failed).isGreaterThanOrEqualTo(20);
                if (untrusted) {
                    assertThat(succeeded).isZero();
                }
                return run.failures();
            }
        } finally {
            sim.close();
        }
    }
}
