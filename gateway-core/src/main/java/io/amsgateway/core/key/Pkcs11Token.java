package io.amsgateway.core.key;

import io.amsgateway.core.concurrent.DaemonThreads;
import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.security.auth.login.FailedLoginException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PKCS#11 token reached through a SunPKCS11 provider of its own, configured at run time
 * ({@link Provider#configure}) from {@link Pkcs11Settings} and never installed in {@link
 * Security}. Everything that touches the token runs on this token's bounded pool of signing
 * threads, never on the caller's thread.
 *
 * <ul>
 *   <li><b>Bounded.</b> At most {@link Pkcs11Settings#threads()} operations reach the token at once
 *       (SunPKCS11 opens a session per concurrent operation and pools them, so this also bounds
 *       the sessions); at most {@link Pkcs11Settings#queue()} more wait. A call beyond that, or one
 *       the token does not answer within {@link Pkcs11Settings#timeout()}, fails with {@code
 *       KEY_UNAVAILABLE} at once: a token never hangs a call.
 *   <li><b>Recovers.</b> A failure that comes from the token (removed, session or object handle
 *       invalid, logged out) drops the provider, its sessions and its key handles; the next
 *       operation configures a fresh provider, logs in again and finds the keys again. So a token
 *       that comes back (or an HSM that fails over) serves again without restart.
 *   <li><b>Secret-free.</b> Messages name the token, the library, the slot and the PKCS#11 return
 *       code ({@code CKR_PIN_INCORRECT}, {@code CKR_DEVICE_REMOVED}...), never the PIN. The PIN is
 *       read once when the token is opened and kept only in this object.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class Pkcs11Token implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pkcs11Token.class);

    /** What runs on a signing thread. */
    @FunctionalInterface
    public interface TokenCall<T> {
        T call() throws Exception;
    }

    private final String name;
    private final Pkcs11Settings settings;
    private final char[] pin;
    private final ThreadPoolExecutor threads;
    /** Guarded by {@code this}: the provider, its logged-in key store and the key handles found. */
    private @Nullable Provider provider;

    private @Nullable KeyStore keyStore;
    private final Map<String, PrivateKey> keys = new HashMap<>();
    private volatile boolean closed;
    /** Set where a reset cannot run (a timeout, noticed off the signing threads); done by the next operation. */
    private volatile boolean resetRequested;

    private Pkcs11Token(String name, Pkcs11Settings settings, char[] pin) {
        this.name = name;
        this.settings = settings;
        this.pin = pin;
        this.threads = new ThreadPoolExecutor(
                settings.threads(),
                settings.threads(),
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, settings.queue())),
                DaemonThreads.named("pkcs11-" + name));
        threads.allowCoreThreadTimeOut(true);
    }

    /**
     * Opens the token {@code settings} describes: checks that the library exists and reads the PIN
     * (from {@code environment} for a PIN variable). Nothing is asked of the token yet.
     *
     * @param name names the token in thread names and messages, e.g. the profile's name
     * @throws GatewayException {@code KEY_UNAVAILABLE} when the library or the PIN is missing
     */
    public static Pkcs11Token open(String name, Pkcs11Settings settings, Map<String, String> environment) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("a token name uses letters, digits, '_' and '-' only");
        }
        if (!Files.isRegularFile(settings.library())) {
            throw new GatewayException(
                    ErrorCode.KEY_UNAVAILABLE, "the PKCS#11 library " + settings.library() + " does not exist");
        }
        return new Pkcs11Token(name, settings, settings.pin().read(environment));
    }

    /** The settings this token was opened with. */
    public Pkcs11Settings settings() {
        return settings;
    }

    /**
     * Runs {@code op} on a signing thread. The stage fails with {@code KEY_UNAVAILABLE} when the
     * pool and its queue are full, when the token does not answer within the timeout, or when
     * {@code op} fails with anything but a {@link GatewayException} (whose own code is kept); a
     * failure that came from the token resets it (see the class comment).
     *
     * @param what names the operation for messages, e.g. {@code "signing with X#v1"}
     */
    public <T> CompletableFuture<T> call(String what, TokenCall<T> op) {
        if (closed) {
            return CompletableFuture.failedFuture(new GatewayException(ErrorCode.KEY_UNAVAILABLE, this + " is closed"));
        }
        CompletableFuture<T> result;
        try {
            result = CompletableFuture.supplyAsync(
                    () -> {
                        if (resetRequested) {
                            resetRequested = false;
                            reset();
                        }
                        try {
                            return op.call();
                        } catch (GatewayException e) {
                            throw e;
                        } catch (Exception | Error e) {
                            reset();
                            throw unavailable(what, e);
                        }
                    },
                    threads);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new GatewayException(
                    ErrorCode.KEY_UNAVAILABLE,
                    this + ": " + what + " refused: all " + settings.threads() + " signing threads are busy and "
                            + settings.queue() + " requests wait (raise threads only as far as the token allows)"));
        }
        return result.orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> {
                    Throwable t = Futures.unwrap(e);
                    if (t instanceof TimeoutException) {
                        // Not reset() here: this is the JDK's shared timeout thread, and the token
                        // (and the lock a stuck operation holds) may not answer. The next operation resets.
                        resetRequested = true;
                        t = new GatewayException(
                                ErrorCode.KEY_UNAVAILABLE,
                                this + ": " + what + " got no answer within " + settings.timeout()
                                        + " (the token may be gone or overloaded)");
                    }
                    return CompletableFuture.failedFuture(t);
                });
    }

    /**
     * The logged-in key store of the token, loaded (and logged in) on first use, after a {@link
     * #reset()}, or when {@code reload}. Call on a signing thread only.
     */
    synchronized KeyStore keyStore(boolean reload) throws Exception {
        if (closed) {
            throw new GatewayException(ErrorCode.KEY_UNAVAILABLE, this + " is closed");
        }
        if (keyStore != null && !reload) {
            return keyStore;
        }
        if (provider == null) {
            provider = Security.getProvider("SunPKCS11").configure("--" + providerConfig());
        }
        KeyStore ks = KeyStore.getInstance("PKCS11", provider);
        ks.load(null, pin.clone());
        keyStore = ks;
        keys.clear();
        return ks;
    }

    /** The provider of the current session pool; call after {@link #keyStore(boolean)}. */
    synchronized Provider provider() throws Exception {
        keyStore(false);
        return Objects.requireNonNull(provider);
    }

    /**
     * The private key labelled {@code label}, from the key store (reloaded once if the label is
     * missing: a key added since); null when the token has none. Call on a signing thread only.
     */
    synchronized @Nullable PrivateKey privateKey(String label) throws Exception {
        PrivateKey k = keys.get(label);
        if (k != null) {
            return k;
        }
        KeyStore ks = keyStore(false);
        if (!ks.isKeyEntry(label)) {
            ks = keyStore(true);
            if (!ks.isKeyEntry(label)) {
                return null;
            }
        }
        k = (PrivateKey) ks.getKey(label, null);
        keys.put(label, k);
        return k;
    }

    /** Forgets the provider, its sessions and key handles; the next operation starts afresh. */
    synchronized void reset() {
        if (provider != null) {
            log.info("{}: resetting the PKCS#11 provider after a failure; the next use logs in afresh", this);
        }
        if (provider instanceof java.security.AuthProvider auth) {
            try {
                auth.logout();
            } catch (Exception | Error e) {
                // the token may be gone: nothing to log out of
            }
        }
        provider = null;
        keyStore = null;
        keys.clear();
    }

    private String providerConfig() {
        StringBuilder c = new StringBuilder()
                .append("name = ams-")
                .append(name)
                .append('\n')
                .append("library = \"")
                .append(settings.library().toString().replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\"\n");
        if (settings.slot().isPresent()) {
            c.append("slot = ").append(settings.slot().getAsLong()).append('\n');
        } else {
            c.append("slotListIndex = ").append(settings.slotListIndex()).append('\n');
        }
        return c.toString();
    }

    /** {@code e} as a {@code KEY_UNAVAILABLE} whose message says what the token answered. */
    GatewayException unavailable(String what, Throwable e) {
        String code = returnCode(e);
        String why;
        if ("CKR_PIN_INCORRECT".equals(code) || (code == null && causedBy(e, FailedLoginException.class))) {
            why = "the token refused the PIN (" + (code == null ? "login failed" : code) + "); check " + settings.pin();
        } else if ("CKR_PIN_LOCKED".equals(code)) {
            why = "the PIN is locked (CKR_PIN_LOCKED); unlock it with the security officer PIN";
        } else if (code != null
                && (code.startsWith("CKR_TOKEN_")
                        || code.startsWith("CKR_DEVICE_")
                        || code.equals("CKR_SLOT_ID_INVALID")
                        || code.equals("CKR_GENERAL_ERROR"))) {
            why = "the token is not available (" + code + ")";
        } else if (code != null) {
            why = "the token answered " + code;
        } else {
            why = describe(e);
        }
        return new GatewayException(ErrorCode.KEY_UNAVAILABLE, this + ": " + what + " failed: " + why);
    }

    /** The PKCS#11 return code ({@code CKR_...}) somewhere in {@code e}'s causes, or null. */
    static @Nullable String returnCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("PKCS11Exception") && t.getMessage() != null) {
                String m = t.getMessage().trim();
                int space = m.indexOf(' ');
                return (space > 0 ? m.substring(0, space) : m).toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message, class names only where there is none (never key material or the PIN). */
    private static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /**
     * Stops the signing threads and logs out (on a thread of its own: a token that does not answer
     * must not hold up a shutdown). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        threads.shutdownNow();
        Thread logout = new Thread(
                () -> {
                    reset();
                    Arrays.fill(pin, '\0');
                },
                "pkcs11-close-" + name);
        logout.setDaemon(true);
        logout.start();
    }

    @Override
    public String toString() {
        return "PKCS#11 token " + name + " (" + settings.library().getFileName() + ", "
                + (settings.slot().isPresent()
                        ? "slot " + settings.slot().getAsLong()
                        : "slot-list-index " + settings.slotListIndex())
                + ")";
    }
}
