package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The image's command line: the Dockerfile, Jib's configuration and the chart agree on it, and it
 * starts the real jar. (No image is built here: base images cannot be pulled on these machines.)
 */
class ImageEntrypointTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dockerfileJibAndChartRunTheSameCommand() throws Exception {
        Container chart = HelmChart.render(ValuesProfile.STANDALONE).gateway();

        assertThat(dockerfile("ENTRYPOINT"))
                .as("Dockerfile ENTRYPOINT = chart command")
                .isEqualTo(chart.getCommand());
        assertThat(dockerfile("CMD")).as("Dockerfile CMD = chart args").isEqualTo(chart.getArgs());
        assertThat(jib("entrypoint")).as("Jib entrypoint = chart command").isEqualTo(chart.getCommand());
        assertThat(jib("args")).as("Jib args = chart args").isEqualTo(chart.getArgs());
        assertThat(Files.readString(Repo.dir().resolve("Dockerfile")))
                .as("the runtime stage runs as the chart's non-root uid")
                .contains(
                        "USER 10001:10001",
                        "COPY --from=build /src/gateway-server/target/ams-gateway.jar " + ContainerCommand.IMAGE_JAR);
    }

    @Test
    void theCommandStartsTheRealJar(@TempDir Path dir) throws Exception {
        Container chart = HelmChart.render(ValuesProfile.STANDALONE).gateway();

        ContainerCommand.Result r = ContainerCommand.run(chart.getCommand(), List.of("--version"), dir);

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output().strip())
                .as("the jar's manifest version")
                .isEqualTo("ams-gateway " + Repo.projectVersion());
    }

    @Test
    void theJvmFlagsTakeEffect(@TempDir Path dir) throws Exception {
        String flags = finalFlags(
                HelmChart.render(ValuesProfile.STANDALONE, java.util.Map.of("jvm.maxRamPercentage", "60"))
                        .gateway()
                        .getCommand(),
                dir);

        flag(flags, "MaxRAMPercentage", "the chart's jvm.maxRamPercentage reaches the JVM")
                .contains("= 60.0");
    }

    @Test
    void theDefaultHeapAndNativeTrimFlagsTakeEffect(@TempDir Path dir) throws Exception {
        String flags =
                finalFlags(HelmChart.render(ValuesProfile.STANDALONE).gateway().getCommand(), dir);

        flag(flags, "InitialRAMPercentage", "jvm.initialRamPercentage reaches the JVM")
                .contains("= 10.0");
        flag(
                        flags,
                        "TrimNativeHeapInterval",
                        "jvm.nativeHeapTrimIntervalMs reaches the JVM (a JDK before 17.0.9 would refuse to start)")
                .contains("= 5000");
    }

    @Test
    void aZeroTrimIntervalLeavesTheFlagOut() throws Exception {
        List<String> command = HelmChart.render(
                        ValuesProfile.STANDALONE, java.util.Map.of("jvm.nativeHeapTrimIntervalMs", "0"))
                .gateway()
                .getCommand();

        assertThat(command).noneMatch(a -> a.contains("TrimNativeHeapInterval"));
        assertThat(HelmChart.render(ValuesProfile.STANDALONE).gateway().getCommand())
                .contains("-XX:TrimNativeHeapInterval=5000", "-XX:InitialRAMPercentage=10");
    }

    /** The JSON array of the Dockerfile's last {@code instruction} line. */
    static List<String> dockerfile(String instruction) throws Exception {
        String line = Files.readAllLines(Repo.dir().resolve("Dockerfile")).stream()
                .filter(l -> l.startsWith(instruction + " "))
                .reduce((a, b) -> b)
                .orElseThrow();
        return List.of(JSON.readValue(line.substring(instruction.length() + 1), String[].class));
    }

    /** The {@code <container><element>} list of the jib-maven-plugin in gateway-server's pom. */
    static List<String> jib(String element) throws Exception {
        Element container = (Element) DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Repo.dir().resolve("gateway-server/pom.xml").toFile())
                .getElementsByTagName("container")
                .item(0);
        NodeList args = ((Element) container.getElementsByTagName(element).item(0)).getElementsByTagName("arg");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.getLength(); i++) {
            out.add(args.item(i).getTextContent().trim());
        }
        return out;
    }

    /** The chart's command run with {@code -XX:+PrintFlagsFinal} and {@code --version}: its output, after a clean exit. */
    private static String finalFlags(List<String> chartCommand, Path dir) throws Exception {
        List<String> command = new ArrayList<>(chartCommand);
        command.add(1, "-XX:+PrintFlagsFinal");
        ContainerCommand.Result r = ContainerCommand.run(command, List.of("--version"), dir);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }

    /** The one line of {@code -XX:+PrintFlagsFinal} output for {@code name}. */
    private static AbstractStringAssert<?> flag(String flags, String name, String why) {
        return assertThat(flags.lines().filter(l -> l.contains(" " + name + " ")))
                .as(why)
                .singleElement()
                .asString();
    }
}
