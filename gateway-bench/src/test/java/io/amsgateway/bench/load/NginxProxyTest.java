package io.amsgateway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.amsgateway.core.crypto.PemKeys;
import io.amsgateway.core.crypto.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxProxyTest {
    @TempDir
    Path dir;

    @Test
    void configProxiesPlainHttpToAVerifiedKeepAliveTls13Upstream() {
        String conf = NginxProxy.config(
                dir.resolve("prefix"), dir.resolve("err.log"), 41000, 42000, dir.resolve("sim.pem"), 2);

        assertThat(conf)
                .contains("worker_processes 2;")
                .contains("listen 127.0.0.1:41000;")
                .contains("server 127.0.0.1:42000;")
                .contains("keepalive 64;")
                .contains("proxy_pass https://simulator;")
                .contains("proxy_http_version 1.1;")
                .contains("proxy_set_header Connection \"\";")
                .contains("proxy_ssl_protocols TLSv1.3;")
                .contains("proxy_ssl_verify on;")
                .contains("proxy_ssl_trusted_certificate \"" + dir.resolve("sim.pem") + "\";")
                .contains("proxy_ssl_name localhost;")
                .contains("proxy_ssl_session_reuse on;")
                .contains("access_log off;")
                .contains("error_log \"" + dir.resolve("err.log") + "\" warn;")
                .contains("client_body_temp_path \"" + dir.resolve("prefix") + "/client_body\";");
    }

    @Test
    void commandRunsInTheForegroundWithItsOwnPrefix() {
        assertThat(NginxProxy.command(Path.of("/usr/sbin/nginx"), dir, dir.resolve("n.conf"), dir.resolve("e.log")))
                .containsExactly(
                        "/usr/sbin/nginx",
                        "-p",
                        dir + "/",
                        "-c",
                        dir.resolve("n.conf").toString(),
                        "-e",
                        dir.resolve("e.log").toString(),
                        "-g",
                        "daemon off;");
    }

    /** Real nginx accepts the generated configuration, certificate included ({@code nginx -t}). */
    @Test
    void nginxAcceptsTheGeneratedConfiguration() throws Exception {
        Path nginx = nginx();
        Path prefix = Files.createDirectories(dir.resolve("prefix"));
        Path cert = simulatorLikeCertificate();
        Path conf = Files.writeString(
                prefix.resolve("nginx.conf"),
                NginxProxy.config(prefix, dir.resolve("err.log"), 41000, 42000, cert, 2),
                StandardCharsets.US_ASCII);
        List<String> cmd = new java.util.ArrayList<>(NginxProxy.command(nginx, prefix, conf, dir.resolve("err.log")));
        cmd.add(1, "-t");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("test is successful");
    }

    /** Real nginx starts, its pid and its two workers are found, their CPU time read, and close ends them. */
    @Test
    void startsFindsItsWorkersAndStops() throws Exception {
        Path nginx = nginx();
        Path pids = dir.resolve("pids");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<Long> all;
        try (NginxProxy proxy =
                NginxProxy.start(nginx, dir, logs, pids, BenchStack.freePort(), simulatorLikeCertificate())) {
            assertThat(Files.readString(pids).trim()).isEqualTo(Long.toString(proxy.pid()));
            NginxProxy.Sample a = proxy.sample();
            assertThat(a.pids()).hasSize(1 + NginxProxy.WORKERS).startsWith(proxy.pid());
            NginxProxy.Sample b = proxy.sample();
            assertThat(b.nanos()).isGreaterThanOrEqualTo(a.nanos());
            assertThat(NginxProxy.Sample.perCallMicros(a, b, 10)).isGreaterThanOrEqualTo(0);
            assertThat(NginxProxy.Sample.perCallMicros(a, b, 0)).isNaN();
            assertThat(NginxProxy.Sample.perCallMicros(a, new NginxProxy.Sample(List.of(1L), b.nanos()), 10))
                    .isNaN();
            all = a.pids();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline
                && all.stream().anyMatch(pid -> ProcessHandle.of(pid)
                        .map(ProcessHandle::isAlive)
                        .orElse(false))) {
            Thread.sleep(50);
        }
        assertThat(all)
                .noneMatch(
                        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    private Path simulatorLikeCertificate() throws Exception {
        SelfSignedCertificate c = SelfSignedCertificate.generate(
                "localhost", List.of("localhost", "127.0.0.1"), Duration.ofDays(1), true);
        return Files.writeString(
                dir.resolve("sim.pem"),
                PemKeys.pem("CERTIFICATE", c.certificate().getEncoded()));
    }

    /** nginx, required in CI ({@code .ci/run} installs it), else the test is skipped. */
    static Path nginx() {
        Optional<Path> found = NginxProxy.find();
        if (found.isEmpty()) {
            String why = "nginx is missing; install it with 'apt-get install nginx' (.ci/run does)";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return found.get();
    }
}
