package io.amsgateway.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway.shared-state} and the limits' {@code shared} switch: defaults, forms and every refusal. */
class SharedStateConfigTest {
    @TempDir
    Path dir;

    static Config root(String hocon) {
        return ConfigFactory.parseString(hocon)
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    static SharedStateConfig load(String hocon) {
        return SharedStateConfigLoader.load(root(hocon));
    }

    static void refused(String hocon, String key, String... says) {
        assertThatThrownBy(() -> load(hocon))
                .as(hocon)
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining(key)
                .hasMessageContainingAll(says);
    }

    @Test
    void memoryIsTheDefaultAndNeedsNothing() {
        SharedStateConfig c = load("");
        assertThat(c.type()).isEqualTo(SharedStateConfig.Type.MEMORY);
        assertThat(c.redisEnabled()).isFalse();
        assertThat(c.expectedReplicas()).isEqualTo(1);
        assertThat(c.redis().commandTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.summary()).isEqualTo("shared-state memory (per replica)");
    }

    @Test
    void standaloneSentinelAndClusterForms() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "p4ss");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "pem");
        SharedStateConfig tls = load("gateway.shared-state { type = redis, expected-replicas = 3, redis { uri ="
                + " \"rediss://redis.shared:6380/2\", username = gw, password-file = \"" + pw + "\", ca-file = \"" + ca
                + "\" } }");
        assertThat(tls.redis().uris()).containsExactly(URI.create("rediss://redis.shared:6380/2"));
        assertThat(tls.redis().username()).hasValue("gw");
        assertThat(tls.redis().passwordFile()).hasValue(pw);
        assertThat(tls.summary())
                .contains("rediss://redis.shared:6380/2", "user gw", "password from file", "expected-replicas 3")
                .doesNotContain("p4ss");

        SharedStateConfig sentinel = load(
                "gateway.shared-state { type = redis, redis.uri = \"redis-sentinel://s1:26379,s2:26379#mymaster\" }");
        assertThat(sentinel.redis().uris()).hasSize(1);

        SharedStateConfig cluster = load("gateway.shared-state { type = redis, redis { uri = \"redis://n1:6379\","
                + " cluster = true, cluster-nodes = [\"redis://n2:6379\", \"redis://n3:6379\"] } }");
        assertThat(cluster.redis().cluster()).isTrue();
        assertThat(cluster.redis().uris()).hasSize(3);
    }

    @Test
    void mistakesAreNamedWithTheirFix() {
        String base = "gateway.shared-state.";
        refused("gateway.shared-state.type = reddis", base + "type", "memory or redis");
        refused("gateway.shared-state.type = redis", base + "redis.uri", "is required", "redis://host:6379");
        refused(
                "gateway.shared-state { type = redis, redis.uri = \"http://r:6379\" }",
                base + "redis.uri",
                "must start with redis://");
        refused(
                "gateway.shared-state { type = redis, redis.uri = \"redis://:secret@r:6379\" }",
                base + "redis.uri",
                "password-file");
        refused(
                "gateway.shared-state { type = redis, redis.uri = \"redis-sentinel://s1:26379\" }",
                base + "redis.uri",
                "#mymaster");
        refused(
                "gateway.shared-state { type = redis, redis { uri = \"redis://a:1\", cluster-nodes = [\"redis://b:1\"] } }",
                base + "redis.cluster-nodes",
                "cluster = true");
        refused(
                "gateway.shared-state { type = redis, redis { uri = \"redis-sentinel://s:1#m\", cluster = true } }",
                base + "redis.uri",
                "redis:// or rediss://");
        refused(
                "gateway.shared-state { type = redis, redis { uri = \"redis://r:1\", password-file = /no/such/file } }",
                base + "redis.password-file",
                "not a readable file");
        refused("gateway.shared-state.expected-replicas = 0", base + "expected-replicas", "between 1 and 10000");
        refused("gateway.shared-state.redis.command-timeout = 30s", base + "redis.command-timeout", "at most 10s");
        refused("gateway.shared-state.redis.key-prefix = \"a b\"", base + "redis.key-prefix", "letters");
    }

    @Test
    void aCaFileNeedsTls() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "pem");
        refused(
                "gateway.shared-state { type = redis, redis { uri = \"redis://r:6379\", ca-file = \"" + ca + "\" } }",
                "gateway.shared-state.redis.ca-file",
                "rediss://");
    }

    @Test
    void aSharedLimitNeedsRedisAndARate() {
        String profiles = "gateway.profiles.sea { client-id = \"SANDBOX_1\", merchant-private-key = \"x\","
                + " alipay-public-keys = [ { version = 1, inline = \"y\" } ] }\n";
        assertThatThrownBy(() -> EdgeConfigLoader.parse(
                        root(profiles + "gateway.limits.per-profile { rate = 10, shared = true }"), Set.of("sea")))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("gateway.limits.per-profile.shared")
                .hasMessageContaining("gateway.shared-state.type = redis");
        assertThatThrownBy(() -> EdgeConfigLoader.parse(
                        root(profiles + "gateway.shared-state { type = redis, redis.uri = \"redis://r:1\" }\n"
                                + "gateway.limits.per-caller { shared = true }"),
                        Set.of("sea")))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("gateway.limits.per-caller.shared")
                .hasMessageContaining("rate");
        EdgeConfig edge = EdgeConfigLoader.parse(
                root(profiles + "gateway.shared-state { type = redis, redis.uri = \"redis://r:1\" }\n"
                        + "gateway.limits.per-profile { rate = 10, burst = 20, shared = true }"),
                Set.of("sea"));
        assertThat(edge.limits().perProfile()).isEqualTo(new LimitsConfig.Limit(10, 20, 0, true));
        assertThat(edge.limits().perProfile().share(3))
                .as("a third of it per replica while Redis is unreachable")
                .isEqualTo(new LimitsConfig.Limit(3, 6, 0, false));
        assertThat(edge.limits().perCaller().shared()).isFalse();
        assertThat(List.of(new LimitsConfig.Limit(1, 1, 0, true).share(5)))
                .as("never below one call")
                .containsExactly(new LimitsConfig.Limit(1, 1, 0, false));
    }
}
