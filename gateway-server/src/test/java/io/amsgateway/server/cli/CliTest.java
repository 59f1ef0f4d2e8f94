package io.amsgateway.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.testing.Vectors;
import io.amsgateway.server.GatewayMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, in-process, with captured stdout and stderr. */
public class CliTest {
    @TempDir
    Path dir;

    /** What a command line said and returned. */
    public record Result(int exit, String out, String err) {}

    /** {@link GatewayMain#run}, as {@code main} calls it, with stdout and stderr captured. */
    public static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = GatewayMain.run(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void recordArchiveSaysItRunsFromTheRunnableJar() {
        // From classes (as here) there is no jar to start as the image does; gateway-deploy's
        // ClassDataSharingTest runs it from the real jar, as the Dockerfile does.
        Result r = run("record-archive", dir.resolve("a.jsa").toString());

        assertThat(r.exit()).isEqualTo(GatewayMain.EXIT_USAGE);
        assertThat(r.err()).contains("record-archive runs from the runnable jar (java -jar ams-gateway.jar)");
        assertThat(dir.resolve("a.jsa")).doesNotExist();
    }

    @Test
    void keygenThenSignThenVerifyRoundTrips() throws Exception {
        Result keygen = run("keygen", "--out", dir.toString(), "--name", "m");
        assertThat(keygen.exit()).as(keygen.err()).isZero();
        assertThat(Files.getPosixFilePermissions(dir.resolve("m-private.pem")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(dir.resolve("m-public.b64")).strip()).matches("MIIB[A-Za-z0-9+/=]+");

        Path body =
                Files.writeString(dir.resolve("body.json"), "{\"paymentRequestId\":\"p-1\",\"note\":\"caf\u00e9\"}");
        Result sign = run(
                "sign",
                "--key",
                dir.resolve("m-private.pem").toString(),
                "--client-id",
                "SANDBOX_1",
                "--path",
                "/ams/api/v1/payments/pay",
                "--body",
                body.toString(),
                "--time",
                "1700000000000");
        assertThat(sign.exit()).as(sign.err()).isZero();
        assertThat(sign.out())
                .contains("# sandbox client: signed and to be sent as /ams/sandbox/api/v1/payments/pay")
                .contains("Client-Id: SANDBOX_1")
                .contains("Request-Time: 1700000000000");
        Matcher m = Pattern.compile("Signature: (\\S+)").matcher(sign.out());
        assertThat(m.find()).isTrue();
        String signature = m.group(1);

        Result ok = run(
                "verify",
                "--public-key",
                dir.resolve("m-public.b64").toString(),
                "--client-id",
                "SANDBOX_1",
                "--path",
                "/ams/sandbox/api/v1/payments/pay",
                "--time",
                "1700000000000",
                "--signature",
                signature,
                "--body",
                body.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("VERIFIED keyVersion=1 algorithm=RSA256");

        Files.writeString(body, "{\"paymentRequestId\":\"p-2\",\"note\":\"caf\u00e9\"}");
        Result bad = run(
                "verify",
                "--public-key",
                dir.resolve("m-public.pem").toString(),
                "--client-id",
                "SANDBOX_1",
                "--path",
                "/ams/sandbox/api/v1/payments/pay",
                "--time",
                "1700000000000",
                "--signature",
                signature,
                "--body",
                body.toString());
        assertThat(bad.exit()).isEqualTo(GatewayMain.EXIT_REJECTED);
        assertThat(bad.err()).contains("REJECTED BAD_SIGNATURE");
    }

    @Test
    void signReproducesAVectorExactly() throws Exception {
        var v = Vectors.load("request-signing.json").get("vectors").get(0);
        Path key = Files.writeString(
                dir.resolve("k.b64"),
                Vectors.key(v.get("keyId").asText())
                        .get("privateKeyPkcs8Base64")
                        .asText());
        Path body = Files.write(
                dir.resolve("b"),
                Vectors.bytes(
                        Vectors.load("request-signing.json")
                                .get("bodies")
                                .get(v.get("bodyId").asText()),
                        "utf8Base64"));
        Result r = run(
                "sign",
                "--key",
                key.toString(),
                "--client-id",
                v.get("clientId").asText(),
                "--path",
                v.get("path").asText(),
                "--body",
                body.toString(),
                "--time",
                v.get("requestTime").asText(),
                "--crypto-provider",
                "jdk");
        assertThat(r.out())
                .contains("Signature: " + v.get("headers").get("Signature").asText());
    }

    @Test
    void badInputIsOneLineOnStderrWithoutStackTraceOrKeyMaterial() throws Exception {
        String secret = Vectors.key("merchant-1").get("privateKeyPkcs8Base64").asText();
        Path truncated = Files.writeString(dir.resolve("bad.pem"), secret.substring(0, 400));
        Path body = Files.writeString(dir.resolve("body.json"), "{}");

        Result r = run(
                "sign", "--key", truncated.toString(), "--client-id", "C", "--path", "/p", "--body", body.toString());

        assertThat(r.exit()).isEqualTo(GatewayMain.EXIT_USAGE);
        assertThat(r.err().strip())
                .startsWith("error: ")
                .doesNotContain("\tat ", "Exception")
                .doesNotContain(secret.substring(40, 80));
        assertThat(r.err().strip().lines()).hasSize(1);

        Result missing = run(
                "sign",
                "--key",
                dir.resolve("nope.pem").toString(),
                "--client-id",
                "C",
                "--path",
                "/p",
                "--body",
                body.toString());
        assertThat(missing.exit()).isEqualTo(GatewayMain.EXIT_USAGE);
        assertThat(missing.err()).contains("error: no such file:");

        Result usage = run("sign", "--client-id", "C");
        assertThat(usage.exit()).isEqualTo(GatewayMain.EXIT_USAGE);
        assertThat(usage.err()).contains("Missing required options");

        Path good = Files.writeString(dir.resolve("good.b64"), secret);
        Result provider = run(
                "sign",
                "--crypto-provider",
                "openssl",
                "--key",
                good.toString(),
                "--client-id",
                "C",
                "--path",
                "/p",
                "--body",
                body.toString());
        assertThat(provider.exit()).isEqualTo(GatewayMain.EXIT_USAGE);
        assertThat(provider.err()).contains("error: crypto provider must be one of auto, accp, jdk, bc");
    }

    @Test
    void keygenRefusesToOverwrite() {
        assertThat(run("keygen", "--out", dir.toString()).exit()).isZero();
        Result again = run("keygen", "--out", dir.toString());
        assertThat(again.exit()).isEqualTo(GatewayMain.EXIT_USAGE);
        assertThat(again.err()).contains("refusing to overwrite");
    }

    @Test
    void demoRunsTheGatewayInFrontOfTheSimulatorAndProvesAVerifiedPayment() {
        Result r = run("demo", "--check-only", "--port", "0", "--admin-port", "0");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Self-check: a signed payments/pay through the gateway -> HTTP 200")
                .contains("verified with Alipay key version 1")
                .contains("\"resultStatus\":\"S\"")
                .contains("curl -s -X POST http://127.0.0.1:");
    }

    @Test
    void demoRunsWithAnApiKeyAndSaysTheAnswerIsUnverified() {
        Result r = run("demo", "--check-only", "--auth", "api-key", "--port", "0", "--admin-port", "0");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Self-check: payments/pay with the profile's API key through the gateway -> HTTP 200")
                .contains("X-Gateway-Verified: none")
                .contains("\"resultStatus\":\"S\"")
                .doesNotContain("isak_TEST_");
        assertThat(r.err()).doesNotContain("isak_TEST_");
    }
}
