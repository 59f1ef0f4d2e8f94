package io.amsgateway.core.key;

import com.github.benmanes.caffeine.cache.Ticker;
import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.protocol.ApiKey;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Caffeine cache in front of a {@link KeySource}: the only way the gateway reads keys.
 *
 * <ul>
 *   <li><b>One load per key.</b> However many calls miss at once, the source is asked once; the
 *       others wait for that answer.
 *   <li><b>Refresh after write</b> ({@link Settings#refreshAfter()}): the first use of an entry
 *       older than that starts a reload in the background and is served the cached key meanwhile,
 *       which is how rotations are picked up without restart. A source that signals a change
 *       ({@link KeySource#onChange}) is reloaded at once.
 *   <li><b>A failed refresh keeps the old key</b>, marked stale, with one warning when it turns
 *       stale and one note when it recovers. Every use of a stale key is reported ({@link
 *       KeyCacheListener#servedStale()}). This is what carries the gateway through a Vault outage.
 *   <li><b>Hard expiry</b> ({@link Settings#expireAfter()}), counted from the last successful load,
 *       bounds how long a stale key may serve. After it, calls fail with {@code KEY_UNAVAILABLE}
 *       until the source answers again.
 *   <li><b>Negative caching.</b> A {@link KeyNotFoundException} or {@link KeyUnusableException}
 *       is an answer and is cached for {@link Settings#notFoundTtl()} (a broken key costs one
 *       load, shared by every caller); a failure to answer is not cached. A refresh that is told
 *       "not found" drops the key: a key deleted at the source stops signing. A refresh that finds
 *       the key unusable keeps the copy loaded before (last known good), marked stale.
 *   <li><b>"Latest" is the newest version that loads</b> ({@link #latestVersion}): a broken newest
 *       key is reported and skipped, the version signing until then keeps signing.
 *   <li><b>Every change is said once</b>: a new newest version, the signing version moving, a key
 *       removed, Alipay's key versions added or dropped, a key that does not load (an ERROR and a
 *       {@link KeyCacheListener#problem}), a key that loads again. A failure that repeats is not
 *       logged again until it changes or ends.
 * </ul>
 *
 * <p>A hit costs a hash lookup and completes inline on the calling thread. Thread-safe.
 */
public final class CachingKeySource implements KeySource {
    private static final Logger log = LoggerFactory.getLogger(CachingKeySource.class);

    /** How many versions below the newest {@link #latestVersion} tries when the newer ones do not load. */
    public static final int MAX_FALLBACK_STEPS = 16;

    /** {@link KeyCacheListener#problem} kind: a key version that the source lists does not load. */
    public static final String PROBLEM_UNUSABLE_KEY = "unusable_key";

    /**
     * {@link KeyCacheListener#problem} kind: the key a profile signs with (or Alipay's keys) was
     * removed and nothing replaces it: calls fail.
     */
    public static final String PROBLEM_KEY_GONE = "key_gone";

    private final KeySource source;
    private final KeyCacheListener listener;
    private final Ticker ticker;
    private final String what;
    /** The source's newest merchant version per client, as last seen (for "new version" lines). */
    private final Map<String, Integer> newestSeen = new ConcurrentHashMap<>();
    /** The version {@link #latestVersion} resolved to per client: the one signing for "latest". */
    private final Map<String, Integer> signingLatest = new ConcurrentHashMap<>();
    /** The fixed version a profile signs with per client ({@link #signsWith}); absent: latest. */
    private final Map<String, Integer> signingFixed = new ConcurrentHashMap<>();
    /** When {@link #newestUsable} last loaded each merchant key afresh (a refresh skips those). */
    private final Map<KeyRef, Long> freshAt = new ConcurrentHashMap<>();

    private final CacheTier<KeyRef, MerchantKey> merchantKeys;
    private final CacheTier<String, VerifierSet> alipayKeys;
    private final CacheTier<String, Integer> latestVersions;
    private final CacheTier<String, ApiKey> apiKeys;

    /**
     * Timings of the cache.
     *
     * @param refreshAfter age after which a use triggers a background reload (default 5 minutes)
     * @param expireAfter age, since the last successful load, after which a key is no longer
     *     served (default 24 hours); longer than {@code refreshAfter}
     * @param notFoundTtl how long a "not found" answer is cached (default 30 seconds)
     */
    public record Settings(Duration refreshAfter, Duration expireAfter, Duration notFoundTtl) {
        /** The defaults: 5 minutes, 24 hours, 30 seconds. */
        public static final Settings DEFAULTS =
                new Settings(Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofSeconds(30));

        public Settings {
            if (refreshAfter.isNegative() || refreshAfter.isZero() || notFoundTtl.isNegative()) {
                throw new IllegalArgumentException("refresh-after must be positive and not-found-ttl not negative");
            }
            if (expireAfter.compareTo(refreshAfter) <= 0) {
                throw new IllegalArgumentException("expire-after must be longer than refresh-after");
            }
        }
    }

    private CachingKeySource(KeySource source, Settings settings, KeyCacheListener listener, Ticker ticker) {
        this.source = source;
        this.listener = listener;
        this.ticker = ticker;
        this.what = source.name() + " key source";
        this.merchantKeys = new CacheTier<>(
                what, "merchant key", source::merchantKey, settings, listener, ticker, new MerchantKeyEvents());
        this.alipayKeys = new CacheTier<>(
                what, "Alipay public keys of", source::alipayKeys, settings, listener, ticker, new AlipayKeyEvents());
        this.latestVersions = new CacheTier<>(
                what, "latest key version of", this::newestUsable, settings, listener, ticker, new LatestEvents());
        this.apiKeys =
                new CacheTier<>(what, "API key of", source::apiKey, settings, listener, ticker, new ApiKeyEvents());
        source.onChange(this::refreshAll);
    }

    /**
     * The newest merchant key version of {@code clientId} that loads (and so has passed its test
     * signature): the source's newest, or, if that one is "not found" or "unusable", the version
     * signing until now, or else the next lower version, at most {@link #MAX_FALLBACK_STEPS} steps
     * down. Each candidate is loaded afresh (not from the cache), so a key that changed is seen as
     * it is now. An outage fails the lookup: the cached version keeps serving.
     */
    private CompletionStage<Integer> newestUsable(String clientId) {
        return source.latestVersion(clientId).thenCompose(newest -> {
            Integer before = newestSeen.put(clientId, newest);
            if (before != null && !before.equals(newest)) {
                log.info(
                        "{}: the newest merchant key version of {} is now {} (was {})", what, clientId, newest, before);
                if (newest < before) {
                    // versions above the newest are gone: their failures are history
                    merchantKeys.forgetReported(r -> r.clientId().equals(clientId) && r.keyVersion() > newest);
                }
            }
            return firstUsable(clientId, newest, newest, 0, null);
        });
    }

    private CompletableFuture<Integer> firstUsable(
            String clientId, int newest, int version, int steps, @Nullable Throwable newestFailure) {
        KeyRef ref = new KeyRef(clientId, version);
        freshAt.put(ref, ticker.read());
        return merchantKeys
                .fresh(ref)
                .handle((k, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(version);
                    }
                    Throwable t = Futures.unwrap(e);
                    if (!CacheTier.answer(t)) {
                        return CompletableFuture.<Integer>failedFuture(t);
                    }
                    Throwable first = newestFailure == null ? t : newestFailure;
                    Integer signing = signingLatest.get(clientId);
                    int next = signing != null && signing < version ? signing : version - 1;
                    if (next < 0 || steps >= MAX_FALLBACK_STEPS) {
                        return CompletableFuture.<Integer>failedFuture(new KeyNotFoundException(what
                                + ": no merchant key version of " + clientId + " up to " + newest + " loads (version "
                                + newest + ": " + first.getMessage() + ")"));
                    }
                    return firstUsable(clientId, newest, next, steps + 1, first);
                })
                .thenCompose(f -> f);
    }

    /** Wraps {@code source}; closing the cache closes the source. */
    public static CachingKeySource wrap(KeySource source, Settings settings, KeyCacheListener listener) {
        return new CachingKeySource(source, settings, listener, Ticker.systemTicker());
    }

    /** As {@link #wrap(KeySource, Settings, KeyCacheListener)}, with a clock of the test's choosing. */
    public static CachingKeySource wrap(KeySource source, Settings settings, KeyCacheListener listener, Ticker ticker) {
        return new CachingKeySource(source, settings, listener, ticker);
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public CompletionStage<MerchantKey> merchantKey(KeyRef ref) {
        return merchantKeys.get(ref);
    }

    @Override
    public CompletionStage<VerifierSet> alipayKeys(String clientId) {
        return alipayKeys.get(clientId);
    }

    /**
     * The API key of {@code clientId}, cached and refreshed like the other keys (a replaced file or a
     * new secret version is picked up without restart; a key that no longer loads keeps the last
     * good one serving until it expires).
     */
    @Override
    public CompletionStage<ApiKey> apiKey(String clientId) {
        return apiKeys.get(clientId);
    }

    /**
     * The newest merchant key version of {@code clientId} that loads and passes its test signature
     * (not merely the source's newest: a broken newest key never signs, the last good one keeps
     * signing and the broken one is reported once). Switches only once the new version has
     * loaded, so a profile signing with "latest" never waits for a key during a rotation.
     */
    @Override
    public CompletionStage<Integer> latestVersion(String clientId) {
        return latestVersions.get(clientId);
    }

    /**
     * Tells the cache which version a profile of {@code clientId} signs with ({@code empty}:
     * latest), so that the removal of that key is reported as the outage it is (an ERROR and
     * {@link #PROBLEM_KEY_GONE}) and not as a routine removal.
     */
    public void signsWith(String clientId, OptionalInt version) {
        if (version.isPresent()) {
            signingFixed.put(clientId, version.getAsInt());
        } else {
            signingFixed.remove(clientId);
        }
    }

    /** At most one forced reload of a client's Alipay keys per this interval (10 seconds). */
    public static final Duration FORCED_RELOAD_INTERVAL = Duration.ofSeconds(10);

    /**
     * Alipay's keys for {@code clientId}, reloaded from the source now: for an answer whose {@code
     * keyVersion} the cached set lacks (Alipay may start signing with a new key before the refresh
     * interval comes round). At most one forced reload per client per {@link
     * #FORCED_RELOAD_INTERVAL}; within it this is the cached set (or the reload in flight), so
     * answers naming unknown versions cannot make the source busy.
     */
    public CompletionStage<VerifierSet> alipayKeysReloaded(String clientId) {
        return alipayKeys.reloaded(clientId, FORCED_RELOAD_INTERVAL.toNanos());
    }

    /** How many cached entries are stale now (their last refresh failed). */
    public int staleEntries() {
        return merchantKeys.staleEntries()
                + alipayKeys.staleEntries()
                + latestVersions.staleEntries()
                + apiKeys.staleEntries();
    }

    /**
     * Reloads every cached entry in the background; each keeps serving until its reload ends. The
     * latest versions go first (loading their candidates afresh), then the other merchant keys: a
     * profile on "latest" moves to its new key before an old one it leaves can be dropped.
     */
    public void refreshAll() {
        long round = ticker.read();
        alipayKeys.refreshAll(k -> false);
        apiKeys.refreshAll(k -> false);
        latestVersions
                .refreshAll(k -> false)
                .whenComplete((x, e) -> merchantKeys.refreshAll(ref -> {
                    Long at = freshAt.get(ref);
                    return at != null && at - round >= 0;
                }));
    }

    /** {@code failure}'s message without a leading source name the log line already says. */
    private static String detail(Throwable failure) {
        String m = String.valueOf(failure.getMessage());
        for (String prefix : new String[] {"file key source: ", "vault-kv: ", "vault-transit: "}) {
            if (m.startsWith(prefix)) {
                return m.substring(prefix.length());
            }
        }
        return m;
    }

    /** Logs each change of a merchant key once; see the class comment. */
    private final class MerchantKeyEvents implements CacheTier.Events<KeyRef, MerchantKey> {
        @Override
        public void loaded(KeyRef ref, @Nullable MerchantKey before, MerchantKey after, boolean recovered) {
            if (recovered) {
                log.info("{}: merchant key {} loads again", what, ref);
            }
        }

        @Override
        public void failed(KeyRef ref, @Nullable MerchantKey before, GatewayException failure) {
            String c = ref.clientId();
            Integer fixed = signingFixed.get(c);
            Integer latest = signingLatest.get(c);
            if (failure instanceof KeyUnusableException) {
                String still = before != null
                        ? "; the copy loaded before keeps signing until it expires"
                        : fixed != null && fixed != ref.keyVersion()
                                ? "; it is not used, signing stays with version " + fixed
                                : fixed == null && latest != null && latest != ref.keyVersion()
                                        ? "; it is not used, signing stays with version " + latest
                                        : "";
                log.error("{}: merchant key {} does not load: {}{}", what, ref, detail(failure), still);
                listener.problem(PROBLEM_UNUSABLE_KEY);
                return;
            }
            if (before == null) {
                return; // a version that never loaded: whoever asked for it reports it
            }
            if (fixed != null && fixed == ref.keyVersion()) {
                log.error(
                        "{}: the signing key {} was removed from the source ({}); calls fail with"
                                + " GATEWAY_KEY_UNAVAILABLE until it is restored or key-version moves",
                        what,
                        ref,
                        detail(failure));
                listener.problem(PROBLEM_KEY_GONE);
            } else if (fixed == null && latest != null && latest == ref.keyVersion()) {
                log.info(
                        "{}: merchant key {}, signing until now, was removed ({}); moving to the newest that loads",
                        what,
                        ref,
                        detail(failure));
                latestVersions.fresh(c);
            } else {
                log.info("{}: merchant key {} was removed from the source", what, ref);
            }
        }
    }

    /** Logs each change of the version a "latest" profile signs with once. */
    private final class LatestEvents implements CacheTier.Events<String, Integer> {
        @Override
        public void loaded(String clientId, @Nullable Integer before, Integer after, boolean recovered) {
            signingLatest.put(clientId, after);
            Integer newest = newestSeen.get(clientId);
            String why = newest != null && newest > after ? " (newer versions do not load)" : "";
            if (before == null || recovered) {
                log.info("{}: {} signs with its newest merchant key version, {}{}", what, clientId, after, why);
            } else if (!before.equals(after)) {
                log.info("{}: {} signing key version {} -> {}{}", what, clientId, before, after, why);
            }
        }

        @Override
        public void failed(String clientId, @Nullable Integer before, GatewayException failure) {
            signingLatest.remove(clientId);
            if (before != null) {
                log.error(
                        "{}: {} has no merchant key left that loads ({}); calls fail with GATEWAY_KEY_UNAVAILABLE",
                        what,
                        clientId,
                        detail(failure));
                listener.problem(PROBLEM_KEY_GONE);
            }
        }
    }

    /** Logs each change of Alipay's key set once. */
    private final class AlipayKeyEvents implements CacheTier.Events<String, VerifierSet> {
        @Override
        public void loaded(String clientId, @Nullable VerifierSet before, VerifierSet after, boolean recovered) {
            if (recovered) {
                log.info("{}: Alipay public keys of {} load again: versions {}", what, clientId, after.versions());
            } else if (before != null && !before.versions().equals(after.versions())) {
                Set<Integer> added = new TreeSet<>(after.versions());
                added.removeAll(before.versions());
                Set<Integer> dropped = new TreeSet<>(before.versions());
                dropped.removeAll(after.versions());
                log.info(
                        "{}: Alipay public key versions of {} now {} (added {}, dropped {})",
                        what,
                        clientId,
                        new TreeSet<>(after.versions()),
                        added,
                        dropped);
            }
        }

        @Override
        public void failed(String clientId, @Nullable VerifierSet before, GatewayException failure) {
            if (failure instanceof KeyUnusableException) {
                log.error(
                        "{}: Alipay public keys of {} do not load: {}{}",
                        what,
                        clientId,
                        detail(failure),
                        before != null ? "; the keys loaded before keep verifying until they expire" : "");
                listener.problem(PROBLEM_UNUSABLE_KEY);
            } else if (before != null) {
                log.error(
                        "{}: Alipay public keys of {} were removed ({}); answers cannot be verified",
                        what,
                        clientId,
                        detail(failure));
                listener.problem(PROBLEM_KEY_GONE);
            }
        }
    }

    /** Logs each change of an API key once: its kind, environment and client id, never the key. */
    private final class ApiKeyEvents implements CacheTier.Events<String, ApiKey> {
        @Override
        public void loaded(String clientId, @Nullable ApiKey before, ApiKey after, boolean recovered) {
            if (before == null || recovered) {
                log.info("{}: API key of {} loaded ({}_{})", what, clientId, after.kind(), after.environment());
            } else if (!before.equals(after)) {
                log.info("{}: API key of {} replaced ({}_{})", what, clientId, after.kind(), after.environment());
            }
        }

        @Override
        public void failed(String clientId, @Nullable ApiKey before, GatewayException failure) {
            if (failure instanceof KeyUnusableException) {
                log.error(
                        "{}: API key of {} does not load: {}{}",
                        what,
                        clientId,
                        detail(failure),
                        before != null ? "; the key loaded before keeps serving until it expires" : "");
                listener.problem(PROBLEM_UNUSABLE_KEY);
            } else if (before != null) {
                log.error("{}: API key of {} was removed ({}); calls fail", what, clientId, detail(failure));
                listener.problem(PROBLEM_KEY_GONE);
            }
        }
    }

    @Override
    public void close() {
        source.close();
    }

    @Override
    public String toString() {
        return "CachingKeySource[" + source.name() + "]";
    }
}
