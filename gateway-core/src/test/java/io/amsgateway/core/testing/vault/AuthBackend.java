package io.amsgateway.core.testing.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubernetes and AppRole login, and the token store behind {@code renew-self} and {@code
 * lookup-self}. Thread-safe. Credentials and tokens never appear in answers other than the login
 * that issues a token, nor in logs or exceptions.
 */
final class AuthBackend {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private record Role(String kind, String name, String secret, List<String> policies) {
        @Override
        public String toString() {
            return "Role[" + kind + ", " + name + "]";
        }
    }

    private final FakeClock clock;
    private final Map<String, Role> roles = new ConcurrentHashMap<>(); // mount + "\0" + role name or role_id
    private final Map<String, VaultToken> tokens = new ConcurrentHashMap<>();
    private final VaultToken root;
    private volatile Duration ttl = Duration.ofHours(1);
    private volatile Duration maxTtl = Duration.ofHours(768);

    AuthBackend(FakeClock clock) {
        this.clock = clock;
        Instant now = clock.now();
        root = new VaultToken(
                "hvs." + random(24),
                random(24),
                "",
                "auth/token/root",
                "root",
                List.of("root"),
                Map.of(),
                false,
                now,
                Duration.ZERO,
                Duration.ZERO,
                null,
                null);
        tokens.put(root.id(), root);
    }

    VaultToken root() {
        return root;
    }

    void ttl(Duration ttl, Duration maxTtl) {
        this.ttl = ttl;
        this.maxTtl = maxTtl;
    }

    void kubernetesRole(String mount, String role, String jwt, List<String> policies) {
        roles.put(mount + "\0" + role, new Role("kubernetes", role, jwt, policies));
    }

    void appRole(String mount, String roleId, String secretId, List<String> policies) {
        roles.put(mount + "\0" + roleId, new Role("approle", roleId, secretId, policies));
    }

    /** The live token with this id; expired tokens are dropped, as Vault revokes them. */
    Optional<VaultToken> token(String id) {
        VaultToken t = tokens.get(id);
        if (t != null && t.expired(clock.now())) {
            tokens.remove(id, t);
            return Optional.empty();
        }
        return Optional.ofNullable(t);
    }

    /** {@code POST auth/<mount>/login}, Kubernetes ({@code role}, {@code jwt}) or AppRole ({@code role_id}, {@code secret_id}). */
    VaultResponse login(String mount, JsonNode body) {
        if (body.has("role_id") || body.has("secret_id")) {
            String roleId = VaultJson.text(body, "role_id");
            if (roleId.isEmpty()) {
                return VaultResponse.badRequest("missing role_id");
            }
            Role r = roles.get(mount + "\0" + roleId);
            if (r == null || !r.kind.equals("approle") || !r.secret.equals(VaultJson.text(body, "secret_id"))) {
                return VaultResponse.badRequest("invalid role or secret ID");
            }
            return issue(mount, r, Map.of("role_name", roleId), "approle");
        }
        String role = VaultJson.text(body, "role");
        if (role.isEmpty()) {
            return VaultResponse.badRequest("missing role");
        }
        String jwt = VaultJson.text(body, "jwt");
        if (jwt.isEmpty()) {
            return VaultResponse.badRequest("missing jwt");
        }
        Role r = roles.get(mount + "\0" + role);
        if (r == null || !r.kind.equals("kubernetes")) {
            return VaultResponse.badRequest("invalid role name \"" + role + "\"");
        }
        if (!r.secret.equals(jwt)) {
            return VaultResponse.permissionDenied();
        }
        return issue(mount, r, Map.of("role", role), "kubernetes-" + role);
    }

    private VaultResponse issue(String mount, Role role, Map<String, String> meta, String displayName) {
        TreeSet<String> policies = new TreeSet<>(role.policies);
        policies.add("default");
        Instant now = clock.now();
        Duration t = ttl;
        VaultToken token = new VaultToken(
                "hvs." + random(24),
                random(24),
                UUID.randomUUID().toString(),
                "auth/" + mount + "/login",
                displayName,
                List.copyOf(policies),
                meta,
                true,
                now,
                t,
                maxTtl,
                now.plus(t),
                null);
        tokens.put(token.id(), token);
        return VaultResponse.ok(VaultJson.envelope(null, auth(token, t.toSeconds())));
    }

    /** {@code POST auth/token/renew-self} with an optional {@code increment}, capped by the max TTL. */
    VaultResponse renewSelf(VaultToken token, JsonNode body) {
        if (!token.renewable()) {
            return VaultResponse.badRequest("lease is not renewable");
        }
        long increment = VaultJson.seconds(body.get("increment"));
        if (increment == -2) {
            return VaultResponse.badRequest("invalid increment");
        }
        Instant now = clock.now();
        Duration wanted = increment > 0 ? Duration.ofSeconds(increment) : token.ttl();
        Instant cap = token.issued().plus(token.maxTtl());
        Duration granted = now.plus(wanted).isAfter(cap) ? Duration.between(now, cap) : wanted;
        VaultToken renewed = token.renewed(now, granted);
        tokens.put(token.id(), renewed);
        return VaultResponse.ok(VaultJson.envelope(null, auth(renewed, granted.toSeconds())));
    }

    /** {@code GET auth/token/lookup-self}. */
    VaultResponse lookupSelf(VaultToken t) {
        Instant now = clock.now();
        ObjectNode d = VaultJson.object();
        d.put("accessor", t.accessor());
        d.put("creation_time", t.issued().getEpochSecond());
        d.put("creation_ttl", t.ttl().toSeconds());
        d.put("display_name", t.displayName());
        d.put("entity_id", t.entityId());
        if (t.expires() == null) {
            d.putNull("expire_time");
        } else {
            d.put("expire_time", VaultJson.time(t.expires()));
        }
        d.put("explicit_max_ttl", 0);
        d.put("id", t.id());
        if (t.expires() != null) {
            d.put("issue_time", VaultJson.time(t.issued()));
        }
        if (t.lastRenewal() != null) {
            d.put("last_renewal", VaultJson.time(t.lastRenewal()));
            d.put("last_renewal_time", t.lastRenewal().getEpochSecond());
        }
        d.set("meta", t.meta().isEmpty() ? null : VaultJson.MAPPER.valueToTree(t.meta()));
        d.put("num_uses", 0);
        d.put("orphan", true);
        d.put("path", t.path());
        d.set("policies", VaultJson.MAPPER.valueToTree(t.policies()));
        d.put("renewable", t.renewable());
        d.put(
                "ttl",
                t.expires() == null
                        ? 0
                        : Math.max(0, Duration.between(now, t.expires()).toSeconds()));
        d.put("type", "service");
        return VaultResponse.ok(VaultJson.data(d));
    }

    private static ObjectNode auth(VaultToken t, long leaseSeconds) {
        ObjectNode a = VaultJson.object();
        a.put("client_token", t.id());
        a.put("accessor", t.accessor());
        a.set("policies", VaultJson.MAPPER.valueToTree(t.policies()));
        a.set("token_policies", VaultJson.MAPPER.valueToTree(t.policies()));
        a.set("metadata", VaultJson.MAPPER.valueToTree(t.meta()));
        a.put("lease_duration", leaseSeconds);
        a.put("renewable", t.renewable());
        a.put("entity_id", t.entityId());
        a.put("token_type", "service");
        a.put("orphan", true);
        a.putNull("mfa_requirement");
        a.put("num_uses", 0);
        return a;
    }

    private static String random(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
