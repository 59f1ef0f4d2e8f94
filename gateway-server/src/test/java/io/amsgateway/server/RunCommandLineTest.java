package io.amsgateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.server.cli.CliTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code ams-gateway run} as {@code main} runs it ({@link GatewayMain#run}: the plain forms without
 * picocli, the others through it) says and returns exactly what the whole command line says for
 * {@code run}: usage, help, version, parse errors and start-up errors.
 */
class RunCommandLineTest {
    @TempDir
    static Path dir;

    static List<List<String>> arguments() throws Exception {
        Path badKey = Files.writeString(dir.resolve("bad.conf"), "gateway {\n  listener.port = \"eighty\"\n}\n");
        Path stray = Files.writeString(dir.resolve("stray.conf"), "gatewy.listener.port = 8080\n");
        return List.of(
                List.of("--help"),
                List.of("-h"),
                List.of("--version"),
                List.of("-V"),
                List.of("--bogus"),
                List.of("extra"),
                List.of("--config"),
                List.of("--config", dir.resolve("missing.conf").toString()),
                List.of("--config", badKey.toString()),
                List.of("--config", stray.toString()),
                // the forms main runs without picocli (GatewayMain.plainRun), failing in each way
                List.of(),
                List.of("--config=" + badKey),
                List.of("--config=" + dir.resolve("missing.conf")),
                // forms it leaves to picocli
                List.of("--config", "@" + stray),
                List.of("--config", "-x"),
                List.of("--config="),
                List.of("--config", badKey.toString(), "--config", stray.toString()));
    }

    @ParameterizedTest
    @MethodSource("arguments")
    void mainSaysWhatTheWholeCommandLineSays(List<String> args) {
        CliTest.Result whole = execute(GatewayMain.commandLine(), prepend("run", args));
        CliTest.Result main = CliTest.run(prepend("run", args));

        assertThat(main).isEqualTo(whole);
        assertThat(whole.out() + whole.err()).as("says something").isNotBlank();
    }

    @Test
    void onlyPlainFormsSkipPicocli() {
        assertThat(GatewayMain.plainRun(new String[] {"run"})).isEmpty();
        assertThat(GatewayMain.plainRun(new String[] {"run", "--config", "a.conf"}))
                .contains(Path.of("a.conf"));
        assertThat(GatewayMain.plainRun(new String[] {"run", "--config=a.conf"}))
                .contains(Path.of("a.conf"));
        for (String[] other : List.of(
                new String[] {},
                new String[] {"demo"},
                new String[] {"run", "--help"},
                new String[] {"run", "--config"},
                new String[] {"run", "--config", "@args"},
                new String[] {"run", "--config", "-h"},
                new String[] {"run", "--config="},
                new String[] {"run", "--config", "a\u0000.conf".translateEscapes()},
                new String[] {"run", "--config", "a.conf", "extra"})) {
            assertThat(GatewayMain.plainRun(other)).as(String.join(" ", other)).isNull();
        }
    }

    @Test
    void everyCommandPrintsTheGatewaysVersion() {
        String version = "ams-gateway " + GatewayVersion.current() + System.lineSeparator();
        assertThat(execute(GatewayMain.commandLine(), "--version").out()).isEqualTo(version);
        for (String command : GatewayMain.commandLine().getSubcommands().keySet()) {
            CliTest.Result said = execute(GatewayMain.commandLine(), command, "--version");
            assertThat(said.exit()).as(command).isZero();
            assertThat(said.out()).as(command).isEqualTo(version);
        }
    }

    private static String[] prepend(String first, List<String> rest) {
        String[] all = new String[rest.size() + 1];
        all[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            all[i + 1] = rest.get(i);
        }
        return all;
    }

    private static CliTest.Result execute(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliTest.Result(exit, out.toString(), err.toString());
    }
}
