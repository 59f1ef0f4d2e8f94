package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing archive as the image makes and uses it: the Dockerfile's training line
 * (its {@code RUN java -jar /app/ams-gateway.jar record-archive ...}, run here as written, with
 * this JVM and the reactor's jar) records an archive from a real {@code run} and call, and the chart's command maps it: with {@code -Xshare:on}
 * the JVM would refuse to start if it could not, and the gateway's own classes are loaded from it.
 * Without the archive (Jib's image, or {@code jvm.classDataSharing=false}) the command still starts.
 */
class ClassDataSharingTest {
    static final String IMAGE_ARCHIVE = "/app/ams-gateway.jsa";

    @Test
    void theDockerfilesTrainingStartRecordsAnArchiveTheChartsCommandMaps(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("ams-gateway.jsa");
        List<String> training = withArchive(dockerfileTraining(), archive);

        ContainerCommand.Result made = ContainerCommand.run(training, List.of(), dir);

        assertThat(made.exitCode()).as(made.output()).isZero();
        assertThat(archive).isNotEmptyFile();
        assertThat(made.output()).contains("archive recorded: " + archive);

        List<String> chart = new ArrayList<>(
                withArchive(HelmChart.render(ValuesProfile.STANDALONE).gateway().getCommand(), archive));
        assertThat(chart).as("the chart maps the archive").contains("-XX:SharedArchiveFile=" + archive);
        chart.add(1, "-Xshare:on"); // fail rather than start without the archive
        chart.add(2, "-Xlog:class+load=info");
        ContainerCommand.Result used = ContainerCommand.run(chart, List.of("--version"), dir);

        assertThat(used.exitCode()).as(used.output()).isZero();
        assertThat(used.output())
                .as("the gateway's own classes come from the archive's top (dynamic) layer")
                .containsPattern("io\\.amsgateway\\.server\\.GatewayMain source: shared objects file \\(top\\)");

        ContainerCommand.Result listed = ContainerCommand.run(
                List.of(
                        "java",
                        "-XX:SharedArchiveFile=" + archive,
                        "-XX:+PrintSharedArchiveAndExit",
                        "-jar",
                        ContainerCommand.IMAGE_JAR),
                List.of(),
                dir);
        assertThat(listed.exitCode()).as(listed.output()).isZero();
        assertThat(listed.output()).contains("Dynamic archive name");
        String top = listed.output().substring(listed.output().indexOf("Dynamic archive name"));
        assertThat(top)
                .as("what a run and a call load: the command, the call path, the JSON logs")
                .contains(
                        "io.amsgateway.server.cli.RunCommand",
                        "io.amsgateway.server.upstream.UpstreamResponseHandler",
                        "io.amsgateway.server.logging.JsonEncoder")
                .as("recorded by a run alone: the simulator ran in another process and the recorder's HTTP client"
                        + " in a third, and a run starts without picocli's model of the other commands (nor"
                        + " their signature types such as SimulatorConfig)")
                .doesNotContain(
                        "io.amsgateway.simulator.AmsRequestHandler",
                        "io.amsgateway.simulator.ResponseSigner",
                        "io.amsgateway.simulator.SimulatorConfig",
                        "io.amsgateway.server.cli.DemoCommand",
                        "io.amsgateway.server.cli.SimulatorCommand",
                        "jdk.internal.net.http.HttpClientImpl");
    }

    @Test
    void withoutTheArchiveTheCommandStillStarts(@TempDir Path dir) throws Exception {
        List<String> chart =
                HelmChart.render(ValuesProfile.STANDALONE).gateway().getCommand();
        assertThat(chart).contains("-XX:SharedArchiveFile=" + IMAGE_ARCHIVE); // absent here, as in Jib's image

        ContainerCommand.Result r = ContainerCommand.run(chart, List.of("--version"), dir);

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output().strip()).isEqualTo("ams-gateway " + Repo.projectVersion());
        assertThat(HelmChart.render(ValuesProfile.STANDALONE, Map.of("jvm.classDataSharing", "false"))
                        .gateway()
                        .getCommand())
                .as("jvm.classDataSharing=false leaves the flag out")
                .noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    }

    /** The Dockerfile's {@code RUN java -jar ... record-archive ...} command, as words. */
    static List<String> dockerfileTraining() throws Exception {
        String run = Files.readAllLines(Repo.dir().resolve("Dockerfile")).stream()
                .filter(l -> l.startsWith("RUN java -jar " + ContainerCommand.IMAGE_JAR + " record-archive "))
                .findFirst()
                .orElseThrow();
        String command =
                run.substring("RUN ".length()).replaceAll("\\s*\\\\$", "").trim();
        return Arrays.asList(command.split("\\s+"));
    }

    /** {@code command} with the image's archive path replaced by {@code archive}. */
    static List<String> withArchive(List<String> command, Path archive) {
        List<String> out = new ArrayList<>();
        for (String a : command) {
            out.add(a.replace(IMAGE_ARCHIVE, archive.toString()));
        }
        return out;
    }
}
