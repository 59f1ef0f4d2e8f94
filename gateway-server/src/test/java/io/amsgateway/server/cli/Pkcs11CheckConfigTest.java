package io.amsgateway.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.testing.TestKeys;
import io.amsgateway.core.testing.pkcs11.SoftHsm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check-config} logs in to a real SoftHSM2 token and signs once through it. */
class Pkcs11CheckConfigTest {
    static final String CLIENT = "SANDBOX_5X00000000000000";

    @TempDir
    Path dir;

    Path config(SoftHsm.Token token, String pin) throws Exception {
        Path alipay = Files.writeString(dir.resolve("alipay-public.pem"), TestKeys.publicPem(TestKeys.rsa()));
        Path pinFile = Files.writeString(dir.resolve("pin"), pin + "\n");
        return Files.writeString(
                dir.resolve("gateway.conf"),
                "gateway.profiles.sea {\n"
                        + "  client-id = \"" + CLIENT + "\"\n"
                        + "  alipay-public-keys = [ { version = 1, file = \"" + alipay + "\" } ]\n"
                        + "  key-source { type = pkcs11, pkcs11 { library = \"" + SoftHsm.LIBRARY + "\", slot = "
                        + token.slot() + ", pin-file = \"" + pinFile + "\" } }\n"
                        + "}\n");
    }

    @Test
    void checkConfigSignsOnceThroughTheToken() throws Exception {
        SoftHsm.Token token = SoftHsm.claim();
        token.importKey("ams-" + CLIENT + "-v1", TestKeys.rsa());
        CliTest.Result ok = CliTest.run(
                "check-config", "--config", config(token, token.pin()).toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out())
                .contains("OK: configuration and keys are valid", "pkcs11 (library " + SoftHsm.LIBRARY)
                .doesNotContain(token.pin());

        CliTest.Result wrongPin = CliTest.run(
                "check-config", "--config", config(token, "0000-wrong").toString());
        assertThat(wrongPin.exit()).isEqualTo(2);
        assertThat(wrongPin.err())
                .contains("profile sea", "CKR_PIN_INCORRECT")
                .doesNotContain("0000-wrong", token.pin());
    }

    @Test
    void aCertificateThatDoesNotMatchTheKeyFailsTheTestSignature() throws Exception {
        SoftHsm.Token token = SoftHsm.claim();
        KeyPair key = TestKeys.rsa();
        token.importKey("ams-" + CLIENT + "-v1", key, TestKeys.rsa());
        CliTest.Result r = CliTest.run(
                "check-config", "--config", config(token, token.pin()).toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("profile sea", "failed its test signature");
    }
}
