package io.amsgateway.core.testing.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The KV version 2 secrets engine: versioned secrets per mount, read by version, soft delete of
 * the latest version, and metadata. Thread-safe (one lock for all mounts; reads are tiny).
 */
final class KvEngine {
    private final FakeClock clock;
    private final Set<String> mounts = ConcurrentHashMap.newKeySet();
    private final Map<String, Secret> secrets = new HashMap<>();

    KvEngine(FakeClock clock) {
        this.clock = clock;
    }

    private static final class Version {
        final JsonNode data;
        final Instant created;

        @Nullable
        Instant deleted;

        Version(JsonNode data, Instant created) {
            this.data = data;
            this.created = created;
        }
    }

    private static final class Secret {
        final List<Version> versions = new ArrayList<>();
    }

    void mount(String mount) {
        mounts.add(mount);
    }

    Set<String> mounts() {
        return Set.copyOf(mounts);
    }

    boolean hasMount(String mount) {
        return mounts.contains(mount);
    }

    /** Writes a new version of {@code path} and returns its number. */
    synchronized int put(String mount, String path, JsonNode data) {
        mounts.add(mount);
        Secret s = secrets.computeIfAbsent(mount + "\0" + path, k -> new Secret());
        s.versions.add(new Version(data.deepCopy(), clock.now()));
        return s.versions.size();
    }

    /** Soft-deletes one version, as {@code POST <kv>/delete/<path>} does. */
    synchronized void delete(String mount, String path, int version) {
        Secret s = secrets.get(mount + "\0" + path);
        if (s == null || version < 1 || version > s.versions.size()) {
            throw new IllegalArgumentException("no such secret version");
        }
        s.versions.get(version - 1).deleted = clock.now();
    }

    /** {@code GET data/<path>[?version=N]}. */
    synchronized VaultResponse read(String mount, String path, int version) {
        Secret s = secrets.get(mount + "\0" + path);
        if (s == null) {
            return VaultResponse.notFound();
        }
        int n = version == 0 ? s.versions.size() : version;
        if (n < 1 || n > s.versions.size()) {
            // Vault answers a version it never had like a missing path: 404, "errors":[].
            return VaultResponse.notFound();
        }
        Version v = s.versions.get(n - 1);
        ObjectNode data = VaultJson.object();
        boolean deleted = v.deleted != null && !v.deleted.isAfter(clock.now());
        if (deleted) {
            data.putNull("data");
        } else {
            data.set("data", v.data.deepCopy());
        }
        data.set("metadata", versionMetadata(v, n));
        // A deleted version is answered 404 *with* the envelope (data null, deletion_time set).
        return new VaultResponse(deleted ? 404 : 200, VaultJson.data(data));
    }

    /** {@code POST|PUT data/<path>} with {@code {"data":{...},"options":{"cas":N}}}. */
    synchronized VaultResponse write(String mount, String path, JsonNode body) {
        JsonNode data = body.get("data");
        if (data == null || !data.isObject()) {
            return VaultResponse.badRequest("no data provided");
        }
        Secret existing = secrets.get(mount + "\0" + path);
        int current = existing == null ? 0 : existing.versions.size();
        JsonNode cas = body.path("options").get("cas");
        if (cas != null && !cas.isNull() && cas.asInt() != current) {
            return VaultResponse.badRequest("check-and-set parameter did not match the current version");
        }
        int n = put(mount, path, data);
        return VaultResponse.ok(VaultJson.data(
                versionMetadata(secrets.get(mount + "\0" + path).versions.get(n - 1), n)));
    }

    /** {@code DELETE data/<path>}: soft-deletes the latest version; 204. */
    synchronized VaultResponse deleteLatest(String mount, String path) {
        Secret s = secrets.get(mount + "\0" + path);
        if (s != null) {
            s.versions.get(s.versions.size() - 1).deleted = clock.now();
        }
        return VaultResponse.noContent();
    }

    /** {@code GET metadata/<path>}. */
    synchronized VaultResponse metadata(String mount, String path) {
        Secret s = secrets.get(mount + "\0" + path);
        if (s == null) {
            return VaultResponse.notFound();
        }
        ObjectNode m = VaultJson.object();
        m.put("cas_required", false);
        m.put("created_time", VaultJson.time(s.versions.get(0).created));
        m.put("current_version", s.versions.size());
        m.putNull("custom_metadata");
        m.put("delete_version_after", "0s");
        m.put("max_versions", 0);
        m.put("oldest_version", 0);
        m.put("updated_time", VaultJson.time(s.versions.get(s.versions.size() - 1).created));
        ObjectNode versions = m.putObject("versions");
        for (int i = 0; i < s.versions.size(); i++) {
            ObjectNode v = versionMetadata(s.versions.get(i), i + 1);
            v.remove("version");
            v.remove("custom_metadata");
            versions.set(Integer.toString(i + 1), v);
        }
        return VaultResponse.ok(VaultJson.data(m));
    }

    private static ObjectNode versionMetadata(Version v, int number) {
        ObjectNode m = VaultJson.object();
        m.put("created_time", VaultJson.time(v.created));
        m.putNull("custom_metadata");
        m.put("deletion_time", v.deleted == null ? "" : VaultJson.time(v.deleted));
        m.put("destroyed", false);
        m.put("version", number);
        return m;
    }
}
