package io.amsgateway.server;

import io.amsgateway.server.cli.CheckConfigCommand;
import io.amsgateway.server.cli.DemoCommand;
import io.amsgateway.server.cli.KeygenCommand;
import io.amsgateway.server.cli.RecordArchiveCommand;
import io.amsgateway.server.cli.RunCommand;
import io.amsgateway.server.cli.SignCommand;
import io.amsgateway.server.cli.SimulatorCommand;
import io.amsgateway.server.cli.VerifyCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of {@code ams-gateway.jar}.
 *
 * <p>Exit codes: 0 success (for {@code run}: stopped by SIGTERM or SIGINT after a clean drain), 1
 * a signature did not verify, 2 bad usage or input (for {@code run}: the gateway did not start), 3
 * ({@code run}) stopped after a drain that ended with calls still in flight. Errors are one line on
 * stderr (for {@code run} with JSON logs, one JSON line), never a stack trace, and never contain key
 * material.
 */
@Command(
        name = "ams-gateway",
        mixinStandardHelpOptions = true,
        versionProvider = GatewayMain.Version.class,
        // every command's --version prints the gateway's (they printed an empty line)
        scope = CommandLine.ScopeType.INHERIT,
        description = "Signing gateway for Alipay's global open API (AMS / Antom).",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            CheckConfigCommand.class,
            KeygenCommand.class,
            RecordArchiveCommand.class,
            SignCommand.class,
            SimulatorCommand.class,
            VerifyCommand.class
        })
public final class GatewayMain {
    /** Exit code: success; for {@code run}, stopped after a clean drain. */
    public static final int EXIT_OK = 0;
    /** Exit code: a signature did not verify. */
    public static final int EXIT_REJECTED = 1;
    /** Exit code: bad usage or input. */
    public static final int EXIT_USAGE = 2;
    /** Exit code of {@code run}: the drain timeout ended with calls still in flight. */
    public static final int EXIT_DRAIN_INCOMPLETE = 3;

    public static void main(String[] args) {
        nettyJfrDefault();
        if (args.length > 0 && "run".equals(args[0])) {
            // The server logs JSON lines at INFO (Kubernetes log collectors read JSON); the other
            // commands talk to a person and stay quiet. Explicit settings win. This must happen
            // before the first logger is created.
            defaultLogSetting("ams.log.level", "AMS_LOG_LEVEL", "INFO");
            defaultLogSetting("ams.log.format", "AMS_LOG_FORMAT", "json");
            // Logging first, on this thread: SLF4J initialises once, and a logger asked for by
            // another thread meanwhile (Netty's, in the warm-up) would get a stand-in and a warning
            // on stderr instead of a JSON line.
            org.slf4j.LoggerFactory.getILoggerFactory();
            // What every start needs, on other threads while this one parses and configures.
            io.amsgateway.server.cli.StartupWarmup.common();
        }
        System.exit(run(args));
    }

    /**
     * Netty's JFR events ({@code io.netty.jfr.enabled}) only where a recording started with the JVM
     * ({@code -XX:StartFlightRecording}), unless the property is set. Netty 4.2's buffer allocator
     * creates a JFR event when it allocates its first chunk, recording or not, and on this JDK the
     * first event of a class builds JFR's whole metadata repository: about 75 ms on the event loop
     * serving the first request (the first {@code /readyz}), and memory kept for good. A recording
     * started later with {@code jcmd JFR.start} gets the JDK's events, and Netty's with {@code
     * -Dio.netty.jfr.enabled=true}. Must run before Netty's {@code PlatformDependent} is loaded.
     */
    static void nettyJfrDefault() {
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, Boolean.toString(jfrStartedWithTheJvm()));
        }
    }

    static final String NETTY_JFR = "io.netty.jfr.enabled";

    private static boolean jfrStartedWithTheJvm() {
        try {
            return jdk.jfr.FlightRecorder.isInitialized();
        } catch (LinkageError e) {
            return false; // a runtime without the jdk.jfr module
        }
    }

    /** Whether logs are JSON lines ({@code ams.log.format} or {@code AMS_LOG_FORMAT} is json). */
    static boolean jsonLogs() {
        String format = System.getProperty("ams.log.format");
        if (format == null) {
            format = System.getenv("AMS_LOG_FORMAT");
        }
        return "json".equalsIgnoreCase(format);
    }

    private static void defaultLogSetting(String property, String env, String value) {
        if (System.getProperty(property) == null && System.getenv(env) == null) {
            System.setProperty(property, value);
        }
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        Optional<Path> config = plainRun(args);
        return config != null ? runDirectly(config.orElse(null)) : commandLine().execute(args);
    }

    /**
     * The configuration file of {@code run}, {@code run --config FILE} or {@code run --config=FILE}
     * (empty for the first), where picocli would read FILE as it is; null for anything else (other
     * commands, help, mistakes, {@code @}-files, values that look like options), which goes through
     * picocli.
     */
    static @Nullable Optional<Path> plainRun(String[] args) {
        String file;
        if (args.length == 0 || !"run".equals(args[0])) {
            return null;
        } else if (args.length == 1) {
            return Optional.empty();
        } else if (args.length == 3 && "--config".equals(args[1])) {
            file = args[2];
        } else if (args.length == 2 && args[1].startsWith("--config=")) {
            file = args[1].substring("--config=".length());
        } else {
            return null;
        }
        if (file.isEmpty() || file.startsWith("@") || file.startsWith("-")) {
            return null;
        }
        try {
            return Optional.of(Path.of(file));
        } catch (java.nio.file.InvalidPathException e) {
            return null; // picocli says it its way
        }
    }

    /**
     * {@code run} as the server's every start calls it, without building picocli's model of the
     * command line (by reflection over every command, its options and their types: about 135 ms
     * of CPU before ready, with the image's class-data-sharing archive). Exit codes and error lines are those of picocli's
     * path ({@link #startFailure}; {@code RunCommandLineTest} compares them).
     */
    private static int runDirectly(@Nullable Path config) {
        try {
            return RunCommand.withConfig(config).call();
        } catch (Exception e) {
            return startFailure(e, true, new PrintWriter(System.err, true));
        }
    }

    /** Every command, as {@code ams-gateway} takes them. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new GatewayMain());
        cli.setExecutionExceptionHandler(
                (e, cmd, parseResult) -> startFailure(e, cmd.getCommand() instanceof RunCommand, cmd.getErr()));
        return cli;
    }

    /** A command that threw: one line on {@code err}, or for {@code run} with JSON logs one JSON line. */
    private static int startFailure(Exception e, boolean run, PrintWriter err) {
        if (run && jsonLogs()) {
            // The server's stderr is read by a log collector: the fatal error is a JSON line too.
            org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RunCommand.class);
            if (log.isErrorEnabled()) {
                log.error("the gateway did not start: {}", CliErrors.describe(e));
                return EXIT_USAGE;
            }
        }
        err.println("error: " + CliErrors.describe(e));
        return EXIT_USAGE;
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ams-gateway " + GatewayVersion.current()};
        }
    }
}
