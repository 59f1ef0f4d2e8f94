package io.amsgateway.core.vault;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.vault.Logins.Session;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one Vault token: logs in lazily (one login however many calls arrive at once), renews
 * the token when about two thirds of its lease have passed, logs in again when a renewal fails or
 * when Vault refuses the token. Non-renewable tokens are never renewed.
 *
 * <p>Thread-safe: state changes under this object's lock, which is never held across I/O.
 */
final class TokenManager {
    private static final Logger log = LoggerFactory.getLogger(TokenManager.class);
    /** Never schedule the next renewal sooner than this, so that a short lease cannot spin. */
    private static final long MIN_DELAY_MILLIS = 500;

    private final VaultAuth auth;
    private final VaultHttp http;
    private final VaultClient.Listener listener;
    private final ScheduledExecutorService scheduler;

    private @Nullable CompletableFuture<Session> current;
    private @Nullable ScheduledFuture<?> renewal;
    private boolean closed;

    TokenManager(VaultAuth auth, VaultHttp http, VaultClient.Listener listener, ScheduledExecutorService scheduler) {
        this.auth = auth;
        this.http = http;
        this.listener = listener;
        this.scheduler = scheduler;
    }

    /** The current token, logging in first if there is none (or the last login failed). */
    synchronized CompletableFuture<String> token() {
        if (current == null || current.isCompletedExceptionally()) {
            current = startLogin();
        }
        return current.thenApply(Session::token);
    }

    /**
     * A token other than {@code refused}: logs in again unless a login is already under way or
     * has already replaced that token.
     */
    synchronized CompletableFuture<String> replace(String refused) {
        boolean stale = current == null
                || current.isCompletedExceptionally()
                || (current.isDone() && current.join().token().equals(refused));
        if (stale) {
            current = startLogin();
        }
        return current.thenApply(Session::token);
    }

    /** Starts a login; called with the lock held, and the result becomes {@link #current}. */
    private CompletableFuture<Session> startLogin() {
        if (renewal != null) {
            renewal.cancel(false);
            renewal = null;
        }
        CompletableFuture<Session> login = Logins.login(auth, http);
        current = login;
        login.whenComplete((session, failure) -> {
            if (failure != null) {
                listener.onAuthFailure(auth.method());
                log.warn(
                        "Vault login ({}) failed: {}",
                        auth.method(),
                        Futures.unwrap(failure).getMessage());
            } else {
                listener.onLogin(auth.method());
                log.info(
                        "Vault login ({}): lease {} s, renewable {}",
                        auth.method(),
                        session.leaseSeconds(),
                        session.renewable());
                scheduleRenewal(session, Long.MAX_VALUE);
            }
        });
        return login;
    }

    /** Called when Vault refused the token on a call (HTTP 403). */
    void refused() {
        listener.onAuthFailure(auth.method());
    }

    private synchronized void scheduleRenewal(Session session, long previousLease) {
        if (closed || !isCurrent(session.token())) {
            return;
        }
        if (renewal != null) {
            renewal.cancel(false);
            renewal = null;
        }
        if (!session.renewable() || session.leaseSeconds() <= 0) {
            return;
        }
        long delay = Math.max(MIN_DELAY_MILLIS, session.leaseSeconds() * 2000 / 3);
        // A renewal that shortened the lease hit the token's max TTL: renewing cannot extend it, so log in again
        // instead.
        boolean loginInstead = session.leaseSeconds() < previousLease && previousLease != Long.MAX_VALUE;
        renewal = scheduler.schedule(
                () -> {
                    if (loginInstead) {
                        replace(session.token());
                    } else {
                        renew(session);
                    }
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    private void renew(Session session) {
        String path = "/v1/auth/token/renew-self";
        http.send("renew-self", path, VaultHttp.JSON.createObjectNode(), session.token())
                .whenComplete((json, failure) -> {
                    if (failure == null) {
                        Session renewed;
                        try {
                            renewed = Logins.fromAuth(json, "renew-self", path);
                        } catch (RuntimeException e) {
                            failure = e;
                            renewed = null;
                        }
                        if (renewed != null) {
                            listener.onRenewal(true);
                            scheduleRenewal(
                                    new Session(session.token(), renewed.renewable(), renewed.leaseSeconds()),
                                    session.leaseSeconds());
                            return;
                        }
                    }
                    listener.onRenewal(false);
                    log.warn(
                            "Vault token renewal failed, logging in again: {}",
                            Futures.unwrap(failure).getMessage());
                    replace(session.token());
                });
    }

    private synchronized boolean isCurrent(String token) {
        return current != null
                && current.isDone()
                && !current.isCompletedExceptionally()
                && current.join().token().equals(token);
    }

    synchronized void close() {
        closed = true;
        if (renewal != null) {
            renewal.cancel(false);
        }
    }
}
