package io.amsgateway.core.vault;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link VaultClient.Listener} that records what it hears, for assertions. */
final class RecordingListener implements VaultClient.Listener {
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger logins = new AtomicInteger();
    final AtomicInteger authFailures = new AtomicInteger();
    final AtomicInteger renewalsOk = new AtomicInteger();
    final AtomicInteger renewalsFailed = new AtomicInteger();

    @Override
    public void onRequest(String operation, int status, long nanos) {
        requests.add(operation + " " + status);
    }

    @Override
    public void onAuthFailure(String method) {
        authFailures.incrementAndGet();
    }

    @Override
    public void onLogin(String method) {
        logins.incrementAndGet();
    }

    @Override
    public void onRenewal(boolean ok) {
        (ok ? renewalsOk : renewalsFailed).incrementAndGet();
    }
}
