package io.amsgateway.server;

import io.amsgateway.server.cli.CheckConfigCommand;
import io.amsgateway.server.cli.DemoCommand;
import io.amsgateway.server.cli.KeygenCommand;
import io.amsgateway.server.cli.RunCommand;
import io.amsgateway.server.cli.SignCommand;
import io.amsgateway.server.cli.SimulatorCommand;
import io.amsgateway.server.cli.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of {@code ams-gateway.jar}.
 *
 * <p>Exit codes: 0 success, 1 a signature did not verify, 2 bad usage or input. Errors are one
 * line on stderr, never a stack trace, and never contain key material.
 */
@Command(
        name = "ams-gateway",
        mixinStandardHelpOptions = true,
        versionProvider = GatewayMain.Version.class,
        description = "Signing gateway for Alipay's global open API (AMS / Antom).",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            CheckConfigCommand.class,
            KeygenCommand.class,
            SignCommand.class,
            SimulatorCommand.class,
            VerifyCommand.class
        })
public final class GatewayMain {
    /** Exit code: a signature did not verify. */
    public static final int EXIT_REJECTED = 1;
    /** Exit code: bad usage or input. */
    public static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        if (args.length > 0 && "run".equals(args[0])) {
            // The server logs JSON lines at INFO (Kubernetes log collectors read JSON); the other
            // commands talk to a person and stay quiet. Explicit settings win. This must happen
            // before the first logger is created.
            defaultLogSetting("ams.log.level", "AMS_LOG_LEVEL", "INFO");
            defaultLogSetting("ams.log.format", "AMS_LOG_FORMAT", "json");
        }
        System.exit(run(args));
    }

    private static void defaultLogSetting(String property, String env, String value) {
        if (System.getProperty(property) == null && System.getenv(env) == null) {
            System.setProperty(property, value);
        }
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new GatewayMain());
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("error: " + CliErrors.describe(e));
            return EXIT_USAGE;
        });
        return cli;
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GatewayMain.class.getPackage().getImplementationVersion();
            return new String[] {"ams-gateway " + (v == null ? "dev" : v)};
        }
    }
}
