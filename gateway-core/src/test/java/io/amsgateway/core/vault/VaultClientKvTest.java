package io.amsgateway.core.vault;

import static io.amsgateway.core.vault.VaultTesting.await;
import static io.amsgateway.core.vault.VaultTesting.config;
import static io.amsgateway.core.vault.VaultTesting.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.testing.vault.FakeVault;
import io.amsgateway.core.testing.vault.VaultRequestRecord;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** KV version 2 reads against {@link FakeVault} over real HTTP on loopback. */
@Timeout(30)
class VaultClientKvTest {
    private FakeVault vault;
    private VaultClient client;

    @BeforeEach
    void start() {
        vault = FakeVault.start();
        vault.kvPut("secret", "ams/client-1", Map.of("a", "one"));
        vault.kvPut("secret", "ams/client-1", Map.of("a", "two", "b", "x"));
        client = VaultClient.create(
                config(vault.uri(), VaultAuth.Token.fromValue(vault.rootToken())), VaultClient.Listener.NONE);
    }

    @AfterEach
    void stop() {
        client.close();
        vault.close();
    }

    @Test
    void readsAVersionAndTheLatest() {
        KvSecret v1 = await(client.kvRead("secret", "ams/client-1", 1));
        KvSecret latest = await(client.kvRead("secret", "ams/client-1", null));

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.data()).containsExactly(Map.entry("a", "one"));
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.data()).containsOnly(Map.entry("a", "two"), Map.entry("b", "x"));
        assertThat(vault.requests())
                .extracting(VaultRequestRecord::path, VaultRequestRecord::query)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("secret/data/ams/client-1", "version=1"),
                        org.assertj.core.groups.Tuple.tuple("secret/data/ams/client-1", ""));
        assertThat(v1.toString()).as("toString shows field names, never values").doesNotContain("one");
    }

    @Test
    void readsMetadata() {
        KvMetadata m = await(client.kvMetadata("secret", "ams/client-1"));

        assertThat(m.currentVersion()).isEqualTo(2);
        assertThat(m.readableVersions()).containsExactly(1, 2);
    }

    @Test
    void aMissingVersionOrSecretIsNotFound() {
        assertThat(failure(client.kvRead("secret", "ams/client-1", 3)))
                .isInstanceOfSatisfying(VaultException.class, VaultClientKvTest::isNotFound)
                .hasMessageContaining("secret/data/ams/client-1")
                .hasMessageContaining("version 3");
        assertThat(failure(client.kvRead("secret", "ams/nobody", null)))
                .isInstanceOfSatisfying(VaultException.class, VaultClientKvTest::isNotFound);
        assertThat(failure(client.kvMetadata("secret", "ams/nobody")))
                .isInstanceOfSatisfying(VaultException.class, VaultClientKvTest::isNotFound);
    }

    @Test
    void aDeletedVersionIsNotFound() {
        vault.kvDelete("secret", "ams/client-1", 1);

        assertThat(failure(client.kvRead("secret", "ams/client-1", 1)))
                .isInstanceOfSatisfying(VaultException.class, VaultClientKvTest::isNotFound);
        assertThat(await(client.kvMetadata("secret", "ams/client-1")).readableVersions())
                .containsExactly(2);
    }

    @Test
    void aNonStringValueIsABadResponseNamingTheFieldOnly() {
        vault.kvPut("secret", "ams/client-2", Map.of("count", 42, "pem", "secret-text"));

        Throwable t = failure(client.kvRead("secret", "ams/client-2", null));

        assertThat(t).isInstanceOf(VaultException.class).hasMessageContaining("'count'");
        assertThat(((VaultException) t).kind()).isEqualTo(VaultException.Kind.BAD_RESPONSE);
        assertThat(t.getMessage()).doesNotContain("42").doesNotContain("secret-text");
    }

    @Test
    void versionZeroIsRefusedBecauseVaultReadsItAsLatest() {
        assertThat(failure(client.kvRead("secret", "ams/client-1", 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathSegmentsAreEncodedAndDotSegmentsRefused() {
        assertThat(failure(client.kvRead("secret", "ams/../sys", null))).isInstanceOf(IllegalArgumentException.class);
    }

    /** The client's own "not found" (the key sources turn it into a KeyNotFoundException). */
    static void isNotFound(VaultException v) {
        assertThat(v.kind()).isEqualTo(VaultException.Kind.NOT_FOUND);
    }
}
