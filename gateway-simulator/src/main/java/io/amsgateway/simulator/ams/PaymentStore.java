package io.amsgateway.simulator.ams;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Payments and refunds in memory, bounded so that a long benchmark keeps a steady footprint: past
 * {@code maxEntries} the oldest payment (and, separately, the oldest refund) is forgotten, and an
 * inquiry about it is answered as for an unknown id.
 *
 * <p>Thread-safe: every method holds the store's lock for a few map operations (no I/O), which is
 * short enough to run on an event loop. {@link AmsApi} also takes this lock to change a payment.
 */
public final class PaymentStore {
    private final Map<String, Payment> byRequestId;
    private final Map<String, Payment> byPaymentId;
    private final Map<String, Refund> refundsByRequestId;
    private final Map<String, Refund> refundsById;

    /** A store that keeps at most {@code maxEntries} payments and as many refunds. */
    public PaymentStore(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        byRequestId = bounded(maxEntries);
        byPaymentId = bounded(maxEntries);
        refundsByRequestId = bounded(maxEntries);
        refundsById = bounded(maxEntries);
    }

    private static <V> Map<String, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    private static String key(String clientId, String id) {
        return clientId + '\u0000' + id;
    }

    synchronized @Nullable Payment byRequestId(String clientId, String paymentRequestId) {
        return byRequestId.get(key(clientId, paymentRequestId));
    }

    synchronized @Nullable Payment byPaymentId(String clientId, String paymentId) {
        return byPaymentId.get(key(clientId, paymentId));
    }

    synchronized void add(Payment p) {
        byRequestId.put(key(p.clientId, p.paymentRequestId), p);
        byPaymentId.put(key(p.clientId, p.paymentId), p);
    }

    synchronized @Nullable Refund refundByRequestId(String clientId, String refundRequestId) {
        return refundsByRequestId.get(key(clientId, refundRequestId));
    }

    synchronized @Nullable Refund refundById(String clientId, String refundId) {
        return refundsById.get(key(clientId, refundId));
    }

    synchronized void add(Refund r) {
        refundsByRequestId.put(key(r.clientId(), r.refundRequestId()), r);
        refundsById.put(key(r.clientId(), r.refundId()), r);
    }

    /** How many payments are held. */
    public synchronized int payments() {
        return byRequestId.size();
    }

    /** How many refunds are held. */
    public synchronized int refunds() {
        return refundsByRequestId.size();
    }
}
