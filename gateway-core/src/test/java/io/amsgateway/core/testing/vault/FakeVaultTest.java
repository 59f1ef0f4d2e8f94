package io.amsgateway.core.testing.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsgateway.core.crypto.PemKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a real Vault client relies on from {@link FakeVault}: statuses, error bodies, tokens, faults. */
@Timeout(20)
class FakeVaultTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private FakeVault vault;

    @BeforeEach
    void start() {
        vault = FakeVault.start();
        vault.kvPut("secret", "app/db", Map.of("password", "one"));
        vault.kvPut("secret", "app/db", Map.of("password", "two"));
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vault.uri() + "/v1/" + path))
                .timeout(Duration.ofSeconds(5))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return call("GET", path, vault.rootToken(), null);
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return VaultJson.MAPPER.readTree(r.body());
    }

    @Test
    void readsTheLatestAndAGivenVersionInVaultsEnvelope() throws Exception {
        HttpResponse<String> r = get("secret/data/app/db");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(r);
        assertThat(body.at("/data/data/password").asText()).isEqualTo("two");
        assertThat(body.at("/data/metadata/version").asInt()).isEqualTo(2);
        assertThat(body.at("/data/metadata/deletion_time").asText()).isEmpty();
        assertThat(body.get("lease_id").asText()).isEmpty();
        assertThat(body.has("wrap_info") && body.get("auth").isNull()).isTrue();
        assertThat(json(get("secret/data/app/db?version=1"))
                        .at("/data/data/password")
                        .asText())
                .isEqualTo("one");
        assertThat(vault.kvReads()).isEqualTo(2);
        assertThat(vault.requests().get(0))
                .isEqualTo(new VaultRequestRecord("GET", "secret/data/app/db", "", VaultOperation.KV_READ, 200));
    }

    @Test
    void missingPathOrVersionIs404WithEmptyErrors() throws Exception {
        for (String path : new String[] {"secret/data/app/none", "secret/data/app/db?version=3", "secret/metadata/x"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).isEqualTo("{\"errors\":[]}");
        }
    }

    @Test
    void deletedVersionIs404WithNullDataAndItsMetadata() throws Exception {
        vault.kvDelete("secret", "app/db", 2);
        HttpResponse<String> r = get("secret/data/app/db");
        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode body = json(r);
        assertThat(body.at("/data/data").isNull()).isTrue();
        assertThat(body.at("/data/metadata/version").asInt()).isEqualTo(2);
        assertThat(body.at("/data/metadata/deletion_time").asText()).isNotEmpty();
        assertThat(get("secret/data/app/db?version=1").statusCode()).isEqualTo(200);
    }

    @Test
    void writesVersionsOverHttpAndRefusesAStaleCas() throws Exception {
        HttpResponse<String> w =
                call("POST", "secret/data/app/db", vault.rootToken(), "{\"data\":{\"password\":\"three\"}}");
        assertThat(w.statusCode()).isEqualTo(200);
        assertThat(json(w).at("/data/version").asInt()).isEqualTo(3);
        HttpResponse<String> cas = call(
                "PUT",
                "secret/data/app/db",
                vault.rootToken(),
                "{\"options\":{\"cas\":1},\"data\":{\"password\":\"x\"}}");
        assertThat(cas.statusCode()).isEqualTo(400);
        assertThat(cas.body())
                .isEqualTo("{\"errors\":[\"check-and-set parameter did not match the current version\"]}");
        JsonNode meta = json(get("secret/metadata/app/db")).get("data");
        assertThat(meta.get("current_version").asInt()).isEqualTo(3);
        assertThat(meta.get("versions").size()).isEqualTo(3);
        assertThat(vault.metadataReads()).isEqualTo(1);
    }

    @Test
    void missingOrUnknownTokenIs403PermissionDenied_bearerIsAccepted() throws Exception {
        for (String token : new String[] {null, "hvs.unknown"}) {
            HttpResponse<String> r = call("GET", "secret/data/app/db", token, null);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
        }
        HttpRequest bearer = HttpRequest.newBuilder(URI.create(vault.uri() + "/v1/secret/data/app/db"))
                .header("Authorization", "Bearer " + vault.rootToken())
                .timeout(Duration.ofSeconds(5))
                .build();
        assertThat(http.send(bearer, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void sealedIs503AndRateLimitedIs429_untilSwitchedOff() throws Exception {
        vault.sealed(true);
        HttpResponse<String> sealed = get("secret/data/app/db");
        assertThat(sealed.statusCode()).isEqualTo(503);
        assertThat(sealed.body()).isEqualTo("{\"errors\":[\"Vault is sealed\"]}");
        assertThat(call("POST", "auth/approle/login", null, "{}").statusCode()).isEqualTo(503);
        vault.sealed(false);
        vault.rateLimited(true);
        HttpResponse<String> limited = get("secret/data/app/db");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body())
                .isEqualTo("{\"errors\":[\"request path \\\"secret/data/app/db\\\": rate limit quota exceeded\"]}");
        vault.rateLimited(false);
        assertThat(get("secret/data/app/db").statusCode()).isEqualTo(200);
        assertThat(vault.kvReads()).as("every request that arrived counts").isEqualTo(3);
    }

    @Test
    void namespaceIsEnforcedWhenConfigured() throws Exception {
        vault.namespace("team-a");
        assertThat(get("secret/data/app/db").statusCode()).isEqualTo(403);
        HttpRequest withNs = HttpRequest.newBuilder(URI.create(vault.uri() + "/v1/secret/data/app/db"))
                .header("X-Vault-Token", vault.rootToken())
                .header("X-Vault-Namespace", "team-a/")
                .timeout(Duration.ofSeconds(5))
                .build();
        assertThat(http.send(withNs, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void downRefusesConnectionsAndUpServesOnTheSamePort() throws Exception {
        URI before = vault.uri();
        vault.down();
        assertThatThrownBy(() -> get("secret/data/app/db")).isInstanceOf(IOException.class);
        vault.up();
        assertThat(vault.uri()).isEqualTo(before);
        assertThat(get("secret/data/app/db").statusCode()).isEqualTo(200);
    }

    @Test
    void delayHoldsEveryAnswer() throws Exception {
        vault.delay(Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThat(get("secret/data/app/db").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void transitRefusesAnUnknownVersionWith400_andSignsPssByDefault() throws Exception {
        vault.transitCreateKey("transit", "k");
        String input = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> bad = call(
                "POST",
                "transit/sign/k/sha2-256",
                vault.rootToken(),
                "{\"input\":\"" + input + "\",\"key_version\":2}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body())
                .isEqualTo("{\"errors\":[\"requested version for signing is higher than the latest key version\"]}");
        assertThat(call("POST", "transit/sign/nope", vault.rootToken(), "{\"input\":\"\"}")
                        .body())
                .isEqualTo("{\"errors\":[\"signing key not found\"]}");

        JsonNode signed =
                json(call("POST", "transit/sign/k/sha2-256", vault.rootToken(), "{\"input\":\"" + input + "\"}"));
        assertThat(signed.at("/data/key_version").asInt()).isEqualTo(1);
        String sig = signed.at("/data/signature").asText();
        assertThat(sig).startsWith("vault:v1:");
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 222, 1));
        pss.initVerify(PemKeys.publicKey(
                json(get("transit/keys/k")).at("/data/keys/1/public_key").asText()));
        pss.update("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(pss.verify(Base64.getDecoder().decode(sig.substring(9)))).isTrue();

        JsonNode rotated = json(call("POST", "transit/keys/k/rotate", vault.rootToken(), null));
        assertThat(rotated.at("/data/latest_version").asInt()).isEqualTo(2);
        assertThat(vault.transitSigns()).isEqualTo(3);
    }

    @Test
    void loginTokensExpireInFakeTimeAndRenewalExtendsThem() throws Exception {
        vault.tokenTtl(Duration.ofSeconds(60), Duration.ofSeconds(150));
        vault.appRole("approle", "rid", "sid", "p");
        HttpResponse<String> wrong =
                call("POST", "auth/approle/login", null, "{\"role_id\":\"rid\",\"secret_id\":\"x\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).isEqualTo("{\"errors\":[\"invalid role or secret ID\"]}");
        JsonNode login = json(call("POST", "auth/approle/login", null, "{\"role_id\":\"rid\",\"secret_id\":\"sid\"}"));
        String token = login.at("/auth/client_token").asText();
        assertThat(login.at("/auth/lease_duration").asInt()).isEqualTo(60);

        vault.advanceClock(Duration.ofSeconds(50));
        JsonNode renewed = json(call("POST", "auth/token/renew-self", token, "{}"));
        assertThat(renewed.at("/auth/lease_duration").asInt()).isEqualTo(60);
        vault.advanceClock(Duration.ofSeconds(50));
        JsonNode lookup = json(call("GET", "auth/token/lookup-self", token, null));
        assertThat(lookup.at("/data/ttl").asInt())
                .as("renewed at 50 s for 60 s")
                .isBetween(9, 10);
        JsonNode capped = json(call("POST", "auth/token/renew-self", token, "{\"increment\":\"1h\"}"));
        assertThat(capped.at("/auth/lease_duration").asInt())
                .as("capped by the max TTL: 150 s after issue, now 100 s")
                .isBetween(49, 50);
        vault.advanceClock(Duration.ofSeconds(51));
        HttpResponse<String> expired = call("GET", "secret/data/app/db", token, null);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
        assertThat(vault.renewals()).isEqualTo(2);
        assertThat(vault.logins()).isEqualTo(2);
    }

    @Test
    void kubernetesLoginChecksRoleAndJwt() throws Exception {
        vault.kubernetesRole("kubernetes", "gw", "jwt-1");
        assertThat(call("POST", "auth/kubernetes/login", null, "{\"role\":\"nope\",\"jwt\":\"jwt-1\"}")
                        .body())
                .isEqualTo("{\"errors\":[\"invalid role name \\\"nope\\\"\"]}");
        assertThat(call("POST", "auth/kubernetes/login", null, "{\"role\":\"gw\",\"jwt\":\"other\"}")
                        .statusCode())
                .isEqualTo(403);
        JsonNode ok = json(call("POST", "auth/kubernetes/login", null, "{\"role\":\"gw\",\"jwt\":\"jwt-1\"}"));
        assertThat(ok.at("/auth/policies").toString()).isEqualTo("[\"default\"]");
        assertThat(ok.at("/auth/client_token").asText()).startsWith("hvs.");
    }
}
