package io.amsgateway.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.server.GatewayMain;
import io.amsgateway.server.cli.CliTest.Result;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each configuration mistake an operator makes gets one line on stderr naming where it is
 * ({@code file:line}), the key and what was expected or how to fix it; exit status 2.
 */
class ConfigMistakesTest {
    @TempDir
    Path dir;

    private Path privateKey;
    private Path publicKey;

    @BeforeEach
    void keys() {
        Result keygen = CliTest.run("keygen", "--out", dir.toString(), "--name", "m");
        assertThat(keygen.exit()).as(keygen.err()).isZero();
        privateKey = dir.resolve("m-private.pem");
        publicKey = dir.resolve("m-public.pem");
    }

    /** A valid file: one profile with file keys, listeners on ephemeral loopback ports. */
    private String valid() {
        return "gateway {\n"
                + "  listener { host = 127.0.0.1, port = 0 }\n"
                + "  admin { host = 127.0.0.1, port = 0 }\n"
                + "  profiles {\n"
                + "    sea {\n"
                + "      client-id = \"SANDBOX_1\"\n"
                + "      merchant-private-key-file = \"" + privateKey + "\"\n"
                + "      alipay-public-keys = [ { version = 1, file = \"" + publicKey + "\" } ]\n"
                + "    }\n"
                + "  }\n"
                + "}\n";
    }

    private Path file(String text) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "gateway", ".conf"), text);
    }

    /** The one error line of {@code command} on {@code conf}; asserts exit status 2. */
    private static String errorLine(String command, Path conf) {
        Result r = CliTest.run(command, "--config", conf.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(GatewayMain.EXIT_USAGE);
        List<String> errors =
                r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).as(r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("unexpected ");
        return errors.get(0);
    }

    @Test
    void theValidFilePassesCheckConfig() throws Exception {
        Result r = CliTest.run("check-config", "--config", file(valid()).toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("OK: configuration and keys are valid (1 profile(s)");
    }

    @Test
    void aMisspeltSectionIsRefusedWithTheNearestKey() throws Exception {
        Path conf = file(valid() + "gateway.listner.port = 8081\n");
        assertThat(errorLine("check-config", conf))
                .isEqualTo("error: " + conf + ":12: gateway.listner: unknown key; did you mean gateway.listener?");
    }

    @Test
    void aMisspeltUpstreamKeyOfAProfileIsRefused() throws Exception {
        Path conf = file(valid() + "gateway.profiles.sea.upstream.response-timout = 30s\n");
        assertThat(errorLine("check-config", conf))
                .isEqualTo("error: " + conf + ":12: gateway.profiles.sea.upstream.response-timout: unknown key;"
                        + " did you mean gateway.profiles.sea.upstream.response-timeout?");
    }

    @Test
    void aMisspeltKeysSettingIsRefused() throws Exception {
        Path conf = file(valid() + "gateway.keys.refresh-afer = 1m\n");
        assertThat(errorLine("check-config", conf))
                .isEqualTo("error: " + conf
                        + ":12: gateway.keys.refresh-afer: unknown key; did you mean gateway.keys.refresh-after?");
    }

    @Test
    void aCamelCaseProfileKeyGetsItsHoconSpelling() throws Exception {
        Path conf = file(valid() + "gateway.profiles.sea.keyVersion = 2\n");
        assertThat(errorLine("check-config", conf))
                .isEqualTo("error: " + conf + ":12: gateway.profiles.sea.keyVersion: unknown profile key;"
                        + " did you mean gateway.profiles.sea.key-version?");
    }

    @Test
    void aKeyFarFromEveryKnownKeyListsTheKeysAllowedThere() throws Exception {
        Path conf = file(valid() + "gateway.shutdown.whatever = 1\n");
        assertThat(errorLine("check-config", conf))
                .isEqualTo("error: " + conf + ":12: gateway.shutdown.whatever: unknown key;"
                        + " the keys allowed here are drain-timeout (see config/reference.conf)");
    }

    @Test
    void aMisspeltRootFailsCheckConfigAsItFailsRun() throws Exception {
        Path conf = file(valid().replaceFirst("^gateway", "gatway"));
        String expected = "error: " + conf + ":1: gatway: unknown top-level key; did you mean gateway? (every"
                + " setting goes under gateway { ... }; other top-level keys may only be plain values used in"
                + " substitutions)";
        assertThat(errorLine("check-config", conf)).isEqualTo(expected);
        assertThat(errorLine("run", conf)).isEqualTo(expected);
    }

    @Test
    void aSectionOutsideGatewayIsPointedInside() throws Exception {
        Path conf = file(valid() + "keys { refresh-after = 1m }\n");
        assertThat(errorLine("check-config", conf))
                .isEqualTo("error: " + conf + ":12: keys: unknown top-level key; did you mean gateway.keys?"
                        + " (every setting goes under gateway { ... })");
    }

    @Test
    void aValueOutOfRangeNamesTheRange() throws Exception {
        Path conf = file(valid() + "gateway.listener.port = 70000\n");
        assertThat(errorLine("run", conf))
                .isEqualTo("error: " + conf + ":12: gateway.listener.port: must be between 0 and 65535"
                        + " (or -1 for no TCP listener, with gateway.listener.unix-socket)");
    }

    @Test
    void aWrongTypeSaysWhatWasExpected() throws Exception {
        Path conf = file(valid() + "gateway.listener.port = eighty\n");
        assertThat(errorLine("check-config", conf))
                .isEqualTo("error: " + conf + ":12: gateway.listener.port: expected a number, found a string");
    }

    @Test
    void aBadDurationShowsTheForm() throws Exception {
        Path conf = file(valid() + "gateway.listener.idle-timeout = soon\n");
        assertThat(errorLine("check-config", conf))
                .isEqualTo("error: " + conf + ":12: gateway.listener.idle-timeout: No number in duration value"
                        + " 'soon' (expected a duration such as 500ms, 30s, 5m or 24h)");
    }

    @Test
    void anObjectGivenAScalarSaysWhatWasExpected() throws Exception {
        Path conf = file(valid() + "gateway.shutdown = 20s\n");
        assertThat(errorLine("check-config", conf))
                .isEqualTo("error: " + conf + ":12: gateway.shutdown: expected object with keys [drain-timeout],"
                        + " found a string");
    }

    @Test
    void aSyntaxErrorNamesItsLine() throws Exception {
        Path conf = file(valid() + "gateway.listener {\n  port = 1\n");
        assertThat(errorLine("check-config", conf)).startsWith("error: " + conf + ":14: not valid HOCON: ");
    }

    @Test
    void anUnsetEnvironmentVariableNamesTheKeyThatUsesIt() throws Exception {
        Path conf = file(valid() + "gateway.vault.address = ${AMS_TEST_SURELY_UNSET_VARIABLE}\n");
        assertThat(errorLine("check-config", conf))
                .isEqualTo("error: " + conf + ":12: gateway.vault.address: ${AMS_TEST_SURELY_UNSET_VARIABLE} is not"
                        + " set: set that environment variable or system property, or write ${?...} to make it"
                        + " optional");
    }

    @Test
    void aProfileWithoutClientIdIsRefused() throws Exception {
        Path conf = file(valid().replace("      client-id = \"SANDBOX_1\"\n", ""));
        assertThat(errorLine("check-config", conf))
                .isEqualTo("error: " + conf
                        + ":5: gateway.profiles.sea.client-id: missing: every profile names its merchant client id");
    }

    @Test
    void aMissingKeyFileNamesThePathAndTheProfile() throws Exception {
        Path missing = dir.resolve("no-such-key.pem");
        Path conf = file(valid().replace(privateKey.toString(), missing.toString()));
        String expected = "error: profile sea: file key source: key file " + missing + " does not exist";
        assertThat(errorLine("check-config", conf)).isEqualTo(expected);
        assertThat(errorLine("run", conf)).isEqualTo(expected);
    }

    @Test
    void aPortInUseNamesTheAddressAndPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path conf = file(valid().replace(
                            "listener { host = 127.0.0.1, port = 0 }",
                            "listener { host = 127.0.0.1," + " port = " + port + " }"));
            assertThat(errorLine("run", conf))
                    .isEqualTo("error: cannot listen on 127.0.0.1:" + port + " (gateway.listener): the address is"
                            + " already in use; stop what listens there or set gateway.listener.port");
        }
    }

    @Test
    void anAdminPortInUseNamesTheAdminAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path conf = file(valid().replace(
                            "admin { host = 127.0.0.1, port = 0 }",
                            "admin { host = 127.0.0.1," + " port = " + port + " }"));
            assertThat(errorLine("run", conf))
                    .isEqualTo("error: cannot listen on 127.0.0.1:" + port + " (gateway.admin): the address is"
                            + " already in use; stop what listens there or set gateway.admin.port");
        }
    }

    @Test
    void anUnreachableVaultNamesItsAddress() throws Exception {
        String address;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            address = "http://127.0.0.1:" + s.getLocalPort();
        }
        Path token = Files.writeString(dir.resolve("token"), "hvs.test-token-never-logged");
        Path conf = file(valid()
                + "gateway.vault { address = \"" + address + "\", auth.token-file = \"" + token + "\" }\n"
                + "gateway.profiles.sea { key-source.type = vault-kv, merchant-private-key-file = null,"
                + " alipay-public-keys = [] }\n");
        String line = errorLine("check-config", conf);
        assertThat(line)
                .startsWith("error: profile sea: ")
                .endsWith("Vault at " + address
                        + " unreachable (ConnectException); check gateway.vault.address (VAULT_ADDR)")
                .doesNotContain("hvs.test-token-never-logged");
    }

    @Test
    void theReloadPathGetsTheSameLine() throws Exception {
        // SIGHUP re-reads the file through ConfigOptions.load and logs the exception's message.
        Path conf = file(valid() + "gateway.listner.port = 8081\n");
        ConfigOptions options = new ConfigOptions();
        options.file = conf;
        assertThatThrownBy(options::load)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(conf + ":12: gateway.listner: unknown key; did you mean gateway.listener?");
    }

    /** An API-key profile (issue 12) reading its key from {@code keyFile}. */
    private String apiKeyProfile(Path keyFile) {
        return "gateway {\n"
                + "  listener { host = 127.0.0.1, port = 0 }\n"
                + "  admin { host = 127.0.0.1, port = 0 }\n"
                + "  profiles.sea {\n"
                + "    client-id = \"SANDBOX_1\"\n"
                + "    auth = api-key\n"
                + "    api-key-file = \"" + keyFile + "\"\n"
                + "  }\n"
                + "}\n";
    }

    private static String apiKey(String env, String clientId, String secret) {
        return "isak_" + env + "_"
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(clientId.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "_" + secret;
    }

    @Test
    void checkConfigValidatesAnApiKeyWithoutPrintingIt() throws Exception {
        Path key = Files.writeString(dir.resolve("api-key"), apiKey("TEST", "SANDBOX_1", "topSecretPart9") + "\n");
        Result ok =
                CliTest.run("check-config", "--config", file(apiKeyProfile(key)).toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out() + ok.err()).doesNotContain("topSecretPart9");

        Files.writeString(key, apiKey("TEST", "SANDBOX_2", "topSecretPart9"));
        assertThat(errorLine("check-config", file(apiKeyProfile(key))))
                .contains("profile sea")
                .contains("another client id than SANDBOX_1")
                .doesNotContain("topSecretPart9");

        Files.writeString(key, apiKey("PROD", "SANDBOX_1", "topSecretPart9"));
        assertThat(errorLine("check-config", file(apiKeyProfile(key))))
                .contains("profile sea")
                .contains("PROD key")
                .contains("gateway.profiles.sea.sandbox")
                .doesNotContain("topSecretPart9");

        Files.writeString(key, "isak_TEST_topSecretPart9");
        assertThat(errorLine("check-config", file(apiKeyProfile(key))))
                .contains("not an API key")
                .doesNotContain("topSecretPart9");
    }

    @Test
    void apiKeyMistakesNameTheirKey() throws Exception {
        Path key = Files.writeString(dir.resolve("api-key"), apiKey("TEST", "SANDBOX_1", "s3cr3t"));
        String base = apiKeyProfile(key);
        Path inline = file(base + "gateway.profiles.sea.api-key = \"" + apiKey("TEST", "SANDBOX_1", "s3cr3t") + "\"\n");
        assertThat(errorLine("check-config", inline))
                .startsWith("error: " + inline + ":10: gateway.profiles.sea.api-key: an API key is never written in the"
                        + " configuration")
                .doesNotContain("s3cr3t");
        assertThat(errorLine("check-config", file(base + "gateway.profiles.sea.auth = bearer\n")))
                .contains("gateway.profiles.sea.auth: must be rsa-signature or api-key");
        assertThat(errorLine("check-config", file(base + "gateway.profiles.sea.api-key-file = \"\"\n")))
                .contains("gateway.profiles.sea.api-key-file")
                .contains("never written in the configuration");
        assertThat(errorLine("check-config", file(base + "gateway.profiles.sea.key-source.type = vault-transit\n")))
                .contains("gateway.profiles.sea.key-source.type")
                .contains("file or vault-kv");
        assertThat(errorLine("check-config", file(base + "gateway.profiles.sea.encryption.enabled = true\n")))
                .contains("gateway.profiles.sea.encryption.enabled");
        assertThat(errorLine(
                        "check-config",
                        file(base + "gateway.profiles.sea.merchant-private-key-file = \"" + privateKey + "\"\n")))
                .contains("does not sign");
        assertThat(
                        errorLine(
                                "check-config",
                                file(
                                        base
                                                + "gateway.notifications { enabled = true, forward-url = \"http://127.0.0.1:1/n\" }\n")))
                .contains("gateway.profiles.sea.alipay-public-keys")
                .contains("notifications stay RSA-signed");
        assertThat(
                        errorLine(
                                "check-config",
                                file(
                                        base
                                                + "gateway.profiles.sea.upstream { url = \"http://127.0.0.1:1\", allow-plain-http = true }\n")))
                .contains("gateway.profiles.sea.upstream.url")
                .contains("HTTPS only");
        assertThat(errorLine("check-config", file(valid() + "gateway.profiles.sea.api-key-file = \"" + key + "\"\n")))
                .contains("gateway.profiles.sea.api-key-file")
                .contains("auth = api-key");
    }

    @Test
    void aBadRequestTimeFormatNamesItsKey() throws Exception {
        Path conf = file(valid() + "gateway.profiles.sea.request-time-format = iso\n");
        assertThat(errorLine("check-config", conf))
                .isEqualTo("error: " + conf + ":12: gateway.profiles.sea.request-time-format: must be epoch-millis or"
                        + " rfc3339");
        Result ok = CliTest.run(
                "check-config",
                "--config",
                file(valid() + "gateway.profiles.sea.request-time-format = rfc3339\n")
                        .toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
    }
}
