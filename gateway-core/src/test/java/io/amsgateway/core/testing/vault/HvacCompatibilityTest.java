package io.amsgateway.core.testing.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsgateway.core.crypto.PemKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves that {@link FakeVault} speaks Vault's API as a real client expects: Debian's {@code
 * python3-hvac} reads KV v2 and its metadata, logs in with Kubernetes and AppRole, renews and looks
 * up its token and signs with Transit (PKCS#1 v1.5), over HTTP and over TLS. Required in CI ({@code
 * CI} set), where {@code .ci/run} installs {@code python3-hvac}; skipped elsewhere without it.
 */
class HvacCompatibilityTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final byte[] INPUT =
            "POST /ams/api/v1/payments/pay\nSANDBOX_5X.2024-01-01T00:00:00Z.{}".getBytes(StandardCharsets.UTF_8);

    private static KeyPair v1;
    private static KeyPair v2;

    @BeforeAll
    static void requireHvac() throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", "import hvac")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        boolean ok;
        try {
            ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } finally {
            p.destroyForcibly();
        }
        if (!ok) {
            String why = PYTHON + " cannot import hvac; install it with 'apt-get install python3-hvac' (.ci/run does)";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        v1 = gen.generateKeyPair();
        v2 = gen.generateKeyPair();
    }

    @Test
    @Timeout(60)
    void hvacOverHttp() throws Exception {
        try (FakeVault vault = FakeVault.start()) {
            check(vault, null);
        }
    }

    @Test
    @Timeout(60)
    void hvacOverTls() throws Exception {
        try (FakeVault vault = FakeVault.startTls()) {
            check(vault, vault.caPemPath());
        }
    }

    private static void check(FakeVault vault, Path ca) throws Exception {
        vault.kvPut("secret", "ams/merchant", Map.of("private_key", "first"));
        vault.kvPut("secret", "ams/merchant", Map.of("private_key", "second", "key_version", 2));
        vault.kubernetesRole("kubernetes", "ams-gateway", "header.payload.sig", "ams-gateway");
        vault.appRole("approle", "role-id-1", "secret-id-1", "ams-gateway");
        vault.tokenTtl(Duration.ofMinutes(10));
        vault.transitCreateKey("transit", "merchant-key", v1);
        assertThat(vault.transitRotate("transit", "merchant-key", v2)).isEqualTo(2);

        JsonNode out = runHvac(vault, ca);

        assertThat(out.get("kv").toString()).isEqualTo("{\"key_version\":2,\"private_key\":\"second\"}");
        assertThat(out.get("kv_v1").toString()).isEqualTo("{\"private_key\":\"first\"}");
        assertThat(out.get("kv_version").asInt()).isEqualTo(2);
        assertThat(out.get("kv_missing_version_errors").toString()).isEqualTo("[]");
        assertThat(out.get("metadata_current_version").asInt()).isEqualTo(2);
        assertThat(out.get("metadata_versions").toString()).isEqualTo("[\"1\",\"2\"]");
        assertThat(out.at("/k8s/policies").toString()).isEqualTo("[\"ams-gateway\",\"default\"]");
        assertThat(out.at("/k8s/token_policies").toString()).isEqualTo("[\"ams-gateway\",\"default\"]");
        assertThat(out.at("/k8s/metadata/role").asText()).isEqualTo("ams-gateway");
        assertThat(out.at("/k8s/lease_duration").asInt()).isEqualTo(600);
        assertThat(out.at("/k8s/renewable").asBoolean()).isTrue();
        assertThat(out.at("/k8s/token_type").asText()).isEqualTo("service");
        assertThat(out.at("/approle/metadata/role_name").asText()).isEqualTo("role-id-1");
        assertThat(out.get("approle_bad_secret_errors").toString()).isEqualTo("[\"invalid role or secret ID\"]");
        assertThat(out.get("renew_lease_duration").asInt())
                .as("renew-self honours increment")
                .isEqualTo(1200);
        assertThat(out.at("/lookup/ttl").asInt()).isBetween(1195, 1200);
        assertThat(out.at("/lookup/creation_ttl").asInt()).isEqualTo(600);
        assertThat(out.at("/lookup/path").asText()).isEqualTo("auth/approle/login");
        assertThat(out.get("lookup_has_expire_time").asBoolean()).isTrue();
        assertThat(out.get("transit_unknown_version_errors").toString())
                .isEqualTo("[\"requested version for signing is higher than the latest key version\"]");
        assertThat(out.get("bad_token_errors").toString()).isEqualTo("[\"permission denied\"]");
        assertThat(out.at("/transit_key/type").asText()).isEqualTo("rsa-2048");
        assertThat(out.at("/transit_key/latest_version").asInt()).isEqualTo(2);

        String signature = out.get("signature").asText();
        assertThat(signature).startsWith("vault:v1:");
        byte[] sig = Base64.getDecoder().decode(signature.substring("vault:v1:".length()));
        Signature verify = Signature.getInstance("SHA256withRSA");
        verify.initVerify(PemKeys.publicKey(out.at("/transit_key/public_key").asText()));
        verify.update(INPUT);
        assertThat(verify.verify(sig))
                .as("verifies with the PEM public key Vault returned")
                .isTrue();
        Signature local = Signature.getInstance("SHA256withRSA");
        local.initSign(v1.getPrivate());
        local.update(INPUT);
        assertThat(sig)
                .as("PKCS#1 v1.5 is deterministic: equals a local signature")
                .isEqualTo(local.sign());

        assertThat(vault.kvReads()).as("latest, v1, missing version, bad token").isEqualTo(4);
        assertThat(vault.metadataReads()).isEqualTo(1);
        assertThat(vault.logins()).as("kubernetes, approle, wrong secret").isEqualTo(3);
        assertThat(vault.renewals()).isEqualTo(1);
        assertThat(vault.transitSigns()).isEqualTo(2);
    }

    private static JsonNode runHvac(FakeVault vault, Path ca) throws Exception {
        Path script = Path.of(
                HvacCompatibilityTest.class.getResource("/vault/hvac_check.py").toURI());
        List<String> cmd = new ArrayList<>(List.of(
                PYTHON,
                script.toString(),
                "--addr",
                vault.uri().toString(),
                "--token",
                vault.rootToken(),
                "--kv-mount",
                "secret",
                "--kv-path",
                "ams/merchant",
                "--expect-kv",
                "{\"private_key\":\"second\",\"key_version\":2}",
                "--expect-kv-v1",
                "{\"private_key\":\"first\"}",
                "--expect-version",
                "2",
                "--k8s-mount",
                "kubernetes",
                "--k8s-role",
                "ams-gateway",
                "--k8s-jwt",
                "header.payload.sig",
                "--approle-mount",
                "approle",
                "--role-id",
                "role-id-1",
                "--secret-id",
                "secret-id-1",
                "--expect-policies",
                "ams-gateway,default",
                "--expect-ttl",
                "600",
                "--transit-mount",
                "transit",
                "--transit-key",
                "merchant-key",
                "--key-version",
                "1",
                "--input",
                Base64.getEncoder().encodeToString(INPUT)));
        if (ca != null) {
            cmd.addAll(List.of("--ca", ca.toString()));
        }
        Path stdout = Files.createTempFile("hvac-out", ".json");
        Path stderr = Files.createTempFile("hvac-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            boolean done = p.waitFor(45, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            String err = Files.readString(stderr);
            assertThat(done).as("hvac_check.py finished; stderr:%n%s", err).isTrue();
            assertThat(p.exitValue())
                    .as("hvac_check.py exit code; stderr:%n%s", err)
                    .isZero();
            return VaultJson.MAPPER.readTree(Files.readString(stdout));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
