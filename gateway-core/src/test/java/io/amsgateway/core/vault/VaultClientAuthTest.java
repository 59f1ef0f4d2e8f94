package io.amsgateway.core.vault;

import static io.amsgateway.core.vault.VaultTesting.await;
import static io.amsgateway.core.vault.VaultTesting.config;
import static io.amsgateway.core.vault.VaultTesting.eventually;
import static io.amsgateway.core.vault.VaultTesting.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.testing.vault.FakeVault;
import io.amsgateway.core.testing.vault.VaultOperation;
import io.amsgateway.core.testing.vault.VaultRequestRecord;
import io.amsgateway.core.vault.VaultException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Logins, renewal and the 403 retry, against {@link FakeVault}. */
@Timeout(30)
class VaultClientAuthTest {
    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.service-account-jwt.sig";

    @TempDir
    Path dir;

    private FakeVault vault;
    private final RecordingListener listener = new RecordingListener();
    private final List<VaultClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        vault = FakeVault.start();
        vault.kvPut("secret", "ams/c", Map.of("k", "v"));
        vault.kubernetesRole("k8s-east", "gateway", JWT);
        vault.appRole("approle", "role-id-1", "secret-id-1");
    }

    @AfterEach
    void stop() {
        clients.forEach(VaultClient::close);
        vault.close();
    }

    private VaultClient client(VaultAuth auth) {
        VaultClient c = VaultClient.create(config(vault.uri(), auth), listener);
        clients.add(c);
        return c;
    }

    private VaultAuth kubernetes() throws IOException {
        Path jwt = Files.writeString(dir.resolve("token"), JWT + "\n");
        return new VaultAuth.Kubernetes("k8s-east", "gateway", jwt);
    }

    @Test
    void kubernetesLoginPostsRoleAndJwtToItsMount() throws Exception {
        VaultClient c = client(kubernetes());

        assertThat(await(c.kvRead("secret", "ams/c", null)).data()).containsEntry("k", "v");

        assertThat(vault.requests())
                .filteredOn(r -> r.operation() == VaultOperation.LOGIN)
                .extracting(VaultRequestRecord::method, VaultRequestRecord::path, VaultRequestRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "auth/k8s-east/login", 200));
        assertThat(listener.logins).hasValue(1);
    }

    @Test
    void aWrongJwtFailsTheCallWithoutShowingTheJwt() throws Exception {
        Path jwt = Files.writeString(dir.resolve("token"), "wrong-jwt-value");
        VaultClient c = client(new VaultAuth.Kubernetes("k8s-east", "gateway", jwt));

        VaultException e = (VaultException) failure(c.kvRead("secret", "ams/c", null));

        assertThat(e.kind()).isEqualTo(Kind.DENIED);
        assertThat(e.getMessage()).contains("login", "auth/k8s-east/login").doesNotContain("wrong-jwt-value");
        assertThat(listener.authFailures).hasPositiveValue();
        assertThat(vault.kvReads()).isZero();
    }

    @Test
    void appRoleLoginWithASecretIdValueOrFile() throws Exception {
        VaultClient byValue = client(new VaultAuth.AppRole("approle", "role-id-1", "secret-id-1", null));
        Path file = Files.writeString(dir.resolve("secret-id"), "secret-id-1");
        VaultClient byFile = client(new VaultAuth.AppRole("approle", "role-id-1", null, file));

        await(byValue.kvRead("secret", "ams/c", null));
        await(byFile.kvRead("secret", "ams/c", null));

        assertThat(vault.logins()).isEqualTo(2);
        VaultClient wrong = client(new VaultAuth.AppRole("approle", "role-id-1", "not-the-secret-id", null));
        VaultException e = (VaultException) failure(wrong.kvRead("secret", "ams/c", null));
        assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(e.getMessage()).contains("invalid role or secret ID").doesNotContain("not-the-secret-id");
        assertThat(new VaultAuth.AppRole("approle", "role-id-1", "secret-id-1", null).toString())
                .doesNotContain("secret-id-1");
    }

    @Test
    void aRefusedTokenCausesOneNewLoginAndOneRetry() throws Exception {
        vault.tokenTtl(Duration.ofMinutes(10));
        VaultClient c = client(kubernetes());
        await(c.kvRead("secret", "ams/c", null));
        vault.advanceClock(Duration.ofMinutes(11)); // the token expired: Vault answers 403

        assertThat(await(c.kvRead("secret", "ams/c", null)).data()).containsEntry("k", "v");

        assertThat(vault.logins()).isEqualTo(2);
        assertThat(listener.requests).containsSubsequence("kv-read 403", "login 200", "kv-read 200");
        assertThat(listener.authFailures).hasValue(1);
    }

    @Test
    void aSecond403FailsTheCall() throws Exception {
        vault.tokenTtl(Duration.ZERO); // every token is expired as soon as it is issued
        VaultClient c = client(kubernetes());

        VaultException e = (VaultException) failure(c.kvRead("secret", "ams/c", null));

        assertThat(e.kind()).isEqualTo(Kind.DENIED);
        assertThat(vault.logins()).as("one login, one re-login, no more").isEqualTo(2);
        assertThat(vault.kvReads()).isEqualTo(2);
    }

    @Test
    void aTokenFileIsReadAgainWhenVaultRefusesTheToken() throws Exception {
        vault.tokenTtl(Duration.ofMinutes(10));
        String agentToken = loginDirectly();
        Path sink = Files.writeString(dir.resolve("agent-token"), agentToken);
        VaultClient c = client(VaultAuth.Token.fromFile(sink));
        await(c.kvRead("secret", "ams/c", null));

        Files.writeString(sink, vault.rootToken()); // the agent rotated the token
        vault.advanceClock(Duration.ofMinutes(11));

        assertThat(await(c.kvRead("secret", "ams/c", null)).data()).containsEntry("k", "v");
        assertThat(vault.count(VaultOperation.TOKEN_LOOKUP_SELF)).isEqualTo(2);
    }

    @Test
    void aRenewableTokenIsRenewedBeforeItExpires() throws Exception {
        vault.tokenTtl(Duration.ofSeconds(3));
        VaultClient c = client(kubernetes());
        await(c.kvRead("secret", "ams/c", null));

        eventually("a renewal after about 2 s", () -> listener.renewalsOk.get() >= 1);

        assertThat(vault.renewals()).isGreaterThanOrEqualTo(1);
        assertThat(vault.requests())
                .filteredOn(r -> r.operation() == VaultOperation.TOKEN_RENEW_SELF)
                .extracting(VaultRequestRecord::path)
                .first()
                .isEqualTo("auth/token/renew-self");
        await(c.kvRead("secret", "ams/c", null));
        assertThat(vault.logins()).isEqualTo(1);
    }

    @Test
    void aFailedRenewalLogsInAgain() throws Exception {
        vault.tokenTtl(Duration.ofSeconds(3));
        VaultClient c = client(kubernetes());
        await(c.kvRead("secret", "ams/c", null));
        vault.advanceClock(Duration.ofSeconds(5)); // expired before its renewal is due

        eventually(
                "a failed renewal then a new login",
                () -> listener.renewalsFailed.get() >= 1 && listener.logins.get() >= 2);

        assertThat(await(c.kvRead("secret", "ams/c", null)).data()).containsEntry("k", "v");
    }

    @Test
    void aNonRenewableTokenIsNeverRenewed() throws Exception {
        VaultClient c = client(VaultAuth.Token.fromValue(vault.rootToken()));
        await(c.kvRead("secret", "ams/c", null));
        Thread.sleep(700);

        assertThat(vault.renewals()).isZero();
        assertThat(listener.renewalsOk).hasValue(0);
    }

    @Test
    void concurrentFirstCallsShareOneLogin() throws Exception {
        vault.delay(Duration.ofMillis(200)); // keep the login in flight while the calls arrive
        VaultClient c = client(kubernetes());
        List<CompletableFuture<KvSecret>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(c.kvRead("secret", "ams/c", null));
        }

        calls.forEach(VaultTesting::await);

        assertThat(vault.logins()).isEqualTo(1);
        assertThat(listener.logins).hasValue(1);
    }

    @Test
    void operationsReturnAtOnceWhileVaultIsSlow() throws Exception {
        vault.delay(Duration.ofSeconds(1));
        VaultClient c = client(kubernetes());

        long start = System.nanoTime();
        CompletableFuture<KvSecret> f = c.kvRead("secret", "ams/c", null);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(tookMillis)
                .as("the calling thread is never blocked on Vault")
                .isLessThan(500);
        assertThat(f).isNotDone();
        await(f);
    }

    /** A token as Vault Agent would write it to its sink: from a Kubernetes login over plain HTTP. */
    private String loginDirectly() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(vault.uri().resolve("/v1/auth/k8s-east/login"))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                        "{\"role\":\"gateway\",\"jwt\":\"" + JWT + "\"}"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        return VaultHttp.JSON
                .readTree(r.body())
                .path("auth")
                .path("client_token")
                .textValue();
    }
}
