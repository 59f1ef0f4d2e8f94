package io.amsgateway.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses keys under {@code gateway} that the reference configuration does not know, with the
 * nearest known key as a suggestion: a misspelt key would otherwise be ignored and its default
 * silently apply.
 *
 * <p>The known keys are those of {@code reference.conf}, so a key documented there is known here
 * without a change to this class. Sections whose keys are names the operator chooses are checked
 * entry by entry against a template section of the reference: each profile under
 * {@code gateway.profiles} against {@code gateway.profile-defaults} (plus {@link #PROFILE_ONLY},
 * the keys that have no sensible default), and each {@code upstream} block of a profile against
 * {@code gateway.upstream-defaults}. Any other section that is empty in the reference is free-form.
 */
final class KnownKeys {
    /** Profile keys that are documented on the example profile only: they have no default. */
    static final Set<String> PROFILE_ONLY = Set.of("client-id", "merchant-private-key", "merchant-private-key-file");

    /** Sections checked against another section of the reference; {@code *} is any one key. */
    private static final Map<String, String> TEMPLATES = Map.of(
            "gateway.profiles.*", "gateway.profile-defaults",
            "gateway.profiles.*.upstream", "gateway.upstream-defaults",
            "gateway.profile-defaults.upstream", "gateway.upstream-defaults");

    private static final String PROFILES = "gateway.profiles";

    private KnownKeys() {}

    /**
     * Checks every key under {@code gateway} in {@code root} against {@code reference}.
     *
     * @throws ConfigException.BadValue naming the first unknown key (in file order), its origin and
     *     the nearest known key
     */
    static void check(Config root, Config reference) {
        if (!root.hasPath("gateway") || !reference.hasPath("gateway")) {
            return;
        }
        walk(root.getObject("gateway"), reference.getObject("gateway"), List.of("gateway"), "gateway", reference);
    }

    private static void walk(ConfigObject user, ConfigObject ref, List<String> path, String pattern, Config reference) {
        List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(user.entrySet());
        entries.sort(Comparator.comparingInt((Map.Entry<String, ConfigValue> e) ->
                        e.getValue().origin().lineNumber())
                .thenComparing(Map.Entry::getKey));
        boolean named = PROFILES.equals(pattern);
        boolean profile = "gateway.profiles.*".equals(pattern);
        for (Map.Entry<String, ConfigValue> e : entries) {
            String key = e.getKey();
            List<String> childPath = new ArrayList<>(path);
            childPath.add(key);
            String childPattern = pattern + "." + (named ? "*" : key);
            if (!named && !ref.containsKey(key) && !(profile && PROFILE_ONLY.contains(key))) {
                Set<String> known = new TreeSet<>(ref.keySet());
                if (profile) {
                    known.addAll(PROFILE_ONLY);
                }
                throw new ConfigException.BadValue(
                        e.getValue().origin(),
                        ConfigUtil.joinPath(childPath),
                        (profile ? "unknown profile key" : "unknown key") + suggestion(key, known, path));
            }
            String template = TEMPLATES.get(childPattern);
            ConfigValue refChild = template != null ? reference.getObject(template) : ref.get(key);
            if (e.getValue() instanceof ConfigObject userChild && refChild instanceof ConfigObject refObj) {
                boolean freeForm = template == null && refObj.isEmpty() && !PROFILES.equals(childPattern);
                if (!freeForm) {
                    walk(userChild, refObj, childPath, childPattern, reference);
                }
            }
        }
    }

    /** "; did you mean gateway.x.y?" for the nearest known key, else the keys allowed here. */
    static String suggestion(String key, Set<String> known, List<String> parent) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = normalize(k).equals(normalize(key)) ? 0 : distance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, key.length() / 3);
        if (best != null && bestDistance <= allowed) {
            List<String> p = new ArrayList<>(parent);
            p.add(best);
            return "; did you mean " + ConfigUtil.joinPath(p) + "?";
        }
        return known.isEmpty()
                ? "; nothing may be set here"
                : "; the keys allowed here are " + String.join(", ", known) + " (see config/reference.conf)";
    }

    private static String normalize(String k) {
        return k.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance, ignoring case. */
    private static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] prev = new int[y.length() + 1];
        int[] cur = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[y.length()];
    }
}
