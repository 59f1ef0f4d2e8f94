package io.amsgateway.bench.load;

import io.amsgateway.core.testing.vault.FakeVault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gateway's key sources side by side in one run: for each mode of {@code --modes} ({@code
 * file}, {@code vault-kv}, {@code vault-transit}) a fresh simulator and gateway (child JVMs), a JIT
 * warmup ({@code --jit-warmup}), then one phase per {@code --concurrency}. Reports throughput, latency percentiles, the
 * gateway's CPU per call and its Vault requests per call (from its own {@code
 * gateway_vault_requests_total}) in the measured window. The fake Vault runs in this JVM, so its
 * CPU counts as the load generator's. Writes {@code keys-summary.md} under {@code --out}.
 *
 * <p>Exit status: 0 for a valid run (no failed call), 1 if any call failed, 2 for bad usage.
 */
public final class KeyModesBench {
    private KeyModesBench() {}

    public static void main(String[] args) throws Exception {
        BenchOptions opt;
        try {
            opt = BenchOptions.parse(args);
            for (String m : opt.keyModes()) {
                if (!BenchKeys.MODES.contains(m)) {
                    throw new IllegalArgumentException("--modes takes " + BenchKeys.MODES + ", not " + m);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("usage: " + e.getMessage() + " (see BenchOptions)");
            System.exit(2);
            return;
        }
        Instant started = Instant.now();
        Path out = BenchRuns.resultsDir(opt.out(), "keys", started);
        Path pidFile = opt.pidFile() != null ? opt.pidFile() : out.resolve("pids");
        PayBodies bodies = new PayBodies(opt.bodySize(), Long.toString(started.getEpochSecond(), 36));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Row> rows = new ArrayList<>();
        boolean valid = true;
        for (String mode : opt.keyModes()) {
            Path work = Files.createTempDirectory("ams-keys-");
            try (FakeVault vault = mode.startsWith("vault-") ? FakeVault.startTls() : null;
                    BenchStack stack = BenchStack.start(
                            java,
                            opt.jar(),
                            work,
                            Files.createDirectories(out.resolve(mode)),
                            pidFile,
                            BenchKeys.of(mode, vault));
                    LoadGenerator gen = new LoadGenerator(opt.threads())) {
                PhaseRunner runner = new PhaseRunner(stack, gen, ProcStat.ticksPerSecond());
                PhaseRunner.Target target = new PhaseRunner.Target(stack.gatewayPort, null);
                GatewayCalls calls = new GatewayCalls(bodies, stack.gatewayPort);
                System.err.println("mode " + mode + ": JIT warmup ...");
                // By time, not by calls: a slow mode (Transit) gets fewer calls to compile; give it enough time.
                runner.run(target, calls, 16, opt.jitWarmup(), Duration.ofSeconds(1));
                for (int c : opt.concurrency()) {
                    PhaseResult r = runner.run(target, calls, c, opt.warmup(), opt.measure());
                    rows.add(new Row(mode, r));
                }
                valid &= runner.all().stream().allMatch(p -> p.failureCount() == 0);
            }
        }
        String md = markdown(started, rows);
        Files.writeString(out.resolve("keys-summary.md"), md);
        System.out.print(md);
        System.out.println("\nwritten: " + out.resolve("keys-summary.md"));
        System.exit(valid ? 0 : 1);
    }

    private record Row(String mode, PhaseResult r) {}

    private static String markdown(Instant started, List<Row> rows) {
        StringBuilder s = new StringBuilder("## Key sources side by side (run of " + started + ")\n\n");
        s.append("| key source | concurrency | calls/s | p50 ms | p99 ms | p99.9 ms | gateway CPU us/call"
                + " | simulator CPU us/call | bench JVM (load + fake Vault) CPU us/call | Vault requests/call"
                + " | failures |\n");
        s.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row row : rows) {
            PhaseResult r = row.r();
            s.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.0f | %.2f | %.2f | %.2f | %.0f | %.0f | %.0f | %.3f | %d |%n",
                    row.mode(),
                    r.concurrency(),
                    r.throughput(),
                    r.p50Micros() / 1e3,
                    r.p99Micros() / 1e3,
                    r.p999Micros() / 1e3,
                    r.gatewayCpuMicros(),
                    r.simulatorCpuMicros(),
                    r.loadGeneratorCpuMicros(),
                    r.vaultRequestsPerCall(),
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
