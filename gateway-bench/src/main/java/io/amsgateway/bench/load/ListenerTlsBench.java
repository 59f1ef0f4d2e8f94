package io.amsgateway.bench.load;

import io.amsgateway.core.crypto.PemKeys;
import io.amsgateway.core.crypto.SelfSignedCertificate;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The callers' listener with and without TLS in one run: for each of {@code plain} (HTTP), {@code
 * tls} and {@code mtls} (TLS with a client certificate, {@code client-auth = require}), with the
 * engine {@code auto} picks (OpenSSL/BoringSSL where netty-tcnative loads), and {@code mtls-jdk}
 * (the same with {@code engine = jdk}, the JDK's SSLEngine) a fresh
 * simulator and gateway (child JVMs, file keys), the same caller rule in each (so the policy step
 * runs alike), a JIT warmup ({@code --jit-warmup}), then one phase per {@code --concurrency} over
 * keep-alive connections (handshakes happen before the measured window). Reports throughput,
 * latency and the gateway's CPU per call. Writes {@code listener-tls-summary.md} under {@code --out}.
 *
 * <p>The certificates are self-signed EC P-256 ones made for the run: the server's for 127.0.0.1,
 * and the caller's, which is its own CA (the gateway's client-ca-file), identity {@code
 * dns:bench-caller}. Exit status: 0 for a valid run (no failed call), 1 if any call failed, 2 for
 * bad usage.
 */
public final class ListenerTlsBench {
    static final List<String> MODES = List.of("plain", "tls", "mtls", "mtls-jdk");

    private ListenerTlsBench() {}

    public static void main(String[] args) throws Exception {
        BenchOptions opt;
        try {
            opt = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("usage: " + e.getMessage() + " (see BenchOptions)");
            System.exit(2);
            return;
        }
        Instant started = Instant.now();
        Path out = BenchRuns.resultsDir(opt.out(), "listener-tls", started);
        Path pidFile = opt.pidFile() != null ? opt.pidFile() : out.resolve("pids");
        PayBodies bodies = new PayBodies(opt.bodySize(), Long.toString(started.getEpochSecond(), 36));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        SelfSignedCertificate server =
                SelfSignedCertificate.generate("bench-gateway", List.of("127.0.0.1"), Duration.ofDays(1), true);
        SelfSignedCertificate caller =
                SelfSignedCertificate.generate("bench-caller", List.of("bench-caller"), Duration.ofDays(1), true);
        List<Row> rows = new ArrayList<>();
        boolean valid = true;
        for (String mode : MODES) {
            Path work = Files.createTempDirectory("ams-listener-");
            String hocon = listenerHocon(mode, work, server, caller);
            try (BenchStack stack = BenchStack.start(
                            java,
                            opt.jar(),
                            work,
                            Files.createDirectories(out.resolve(mode)),
                            pidFile,
                            BenchKeys.FILE.plus(hocon));
                    LoadGenerator gen = new LoadGenerator(opt.threads())) {
                PhaseRunner runner = new PhaseRunner(stack, gen, ProcStat.ticksPerSecond());
                PhaseRunner.Target target = new PhaseRunner.Target(stack.gatewayPort, clientTls(mode, server, caller));
                GatewayCalls calls = new GatewayCalls(bodies, stack.gatewayPort);
                System.err.println("listener " + mode + ": JIT warmup ...");
                runner.run(target, calls, 16, opt.jitWarmup(), Duration.ofSeconds(1));
                for (int c : opt.concurrency()) {
                    rows.add(new Row(mode, runner.run(target, calls, c, opt.warmup(), opt.measure())));
                }
                valid &= runner.all().stream().allMatch(p -> p.failureCount() == 0);
            }
        }
        String md = markdown(started, rows);
        Files.writeString(out.resolve("listener-tls-summary.md"), md);
        System.out.print(md);
        System.out.println("\nwritten: " + out.resolve("listener-tls-summary.md"));
        System.exit(valid ? 0 : 1);
    }

    /** The gateway's listener TLS and the one caller rule, for {@code mode}. */
    static String listenerHocon(String mode, Path work, SelfSignedCertificate server, SelfSignedCertificate caller)
            throws java.io.IOException, java.security.cert.CertificateEncodingException {
        String rule = "gateway.callers.rules = [ { caller = \"*\", profiles = [\"*\"], apis = [\"*\"] } ]\n";
        if (mode.equals("plain")) {
            return rule;
        }
        Path cert = Files.writeString(
                work.resolve("listener.pem"),
                PemKeys.pem("CERTIFICATE", server.certificate().getEncoded()));
        Path key = Files.writeString(
                work.resolve("listener-key.pem"),
                PemKeys.pem("PRIVATE KEY", server.privateKey().getEncoded()));
        Path ca = Files.writeString(
                work.resolve("callers-ca.pem"),
                PemKeys.pem("CERTIFICATE", caller.certificate().getEncoded()));
        return rule + "gateway.listener.tls { enabled = true, cert-file = \"" + cert + "\", key-file = \"" + key
                + "\", client-auth = " + (mode.startsWith("mtls") ? "require, client-ca-file = \"" + ca + "\"" : "none")
                + ", engine = " + (mode.endsWith("-jdk") ? "jdk" : "auto") + " }\n";
    }

    static @Nullable SslContext clientTls(String mode, SelfSignedCertificate server, SelfSignedCertificate caller)
            throws javax.net.ssl.SSLException {
        if (mode.equals("plain")) {
            return null;
        }
        SslContextBuilder b = SslContextBuilder.forClient().trustManager(server.certificate());
        if (mode.startsWith("mtls")) {
            b.keyManager(caller.privateKey(), caller.certificate());
        }
        return b.build();
    }

    private record Row(String mode, PhaseResult r) {}

    private static String markdown(Instant started, List<Row> rows) {
        StringBuilder s =
                new StringBuilder("## The callers' listener: plain HTTP, TLS, mTLS (run of " + started + ")\n\n");
        s.append("| listener | concurrency | calls/s | p50 ms | p99 ms | gateway CPU us/call | simulator CPU us/call"
                + " | load generator CPU us/call | failures |\n");
        s.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row row : rows) {
            PhaseResult r = row.r();
            s.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.0f | %.2f | %.2f | %.0f | %.0f | %.0f | %d |%n",
                    row.mode(),
                    r.concurrency(),
                    r.throughput(),
                    r.p50Micros() / 1e3,
                    r.p99Micros() / 1e3,
                    r.gatewayCpuMicros(),
                    r.simulatorCpuMicros(),
                    r.loadGeneratorCpuMicros(),
                    r.failureCount()));
        }
        s.append("\nGateway CPU per call by thread group (us):\n\n");
        for (Row row : rows) {
            s.append("- ")
                    .append(row.mode())
                    .append(" c=")
                    .append(row.r().concurrency())
                    .append(": ");
            s.append(row.r().topThreadGroups(6)).append('\n');
        }
        return s.toString();
    }
}
