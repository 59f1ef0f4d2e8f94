package io.amsgateway.server.config;

/**
 * {@code gateway.limits}: how much each caller and each profile may do, and global caps.
 *
 * @param perCaller the limit for each caller identity
 * @param perProfile the limit for each client profile, over all its callers
 * @param maxTrackedCallers at most this many callers' rate buckets are kept (least recently used
 *     go first), so invented identities cannot grow memory
 * @param maxConnections open caller connections, over all listeners
 * @param maxBufferedBodyBytes bytes held for request bodies still arriving, over all connections
 */
public record LimitsConfig(
        Limit perCaller, Limit perProfile, int maxTrackedCallers, int maxConnections, long maxBufferedBodyBytes) {

    /**
     * One limit.
     *
     * @param rate calls per second, refilled continuously; 0 means no rate limit
     * @param burst calls that may come at once after a quiet spell (the bucket's size); at least {@code rate}
     * @param maxInFlight calls running at once; 0 means no limit
     * @param shared whether the rate is counted across replicas ({@code gateway.shared-state} on
     *     Redis); {@code maxInFlight} is always per replica
     */
    public record Limit(int rate, int burst, int maxInFlight, boolean shared) {
        /** No limit. */
        public static final Limit NONE = new Limit(0, 0, 0);

        /** A limit of this replica only. */
        public Limit(int rate, int burst, int maxInFlight) {
            this(rate, burst, maxInFlight, false);
        }

        /**
         * This replica's share of a shared rate while the shared store is unreachable: {@code rate}
         * and {@code burst} divided by {@code replicas}, at least 1 each; not shared.
         */
        public Limit share(int replicas) {
            return new Limit(Math.max(1, rate / replicas), Math.max(1, burst / replicas), maxInFlight, false);
        }

        /** Whether a rate applies. */
        public boolean rateLimited() {
            return rate > 0;
        }

        /** Whether a concurrency cap applies. */
        public boolean concurrencyLimited() {
            return maxInFlight > 0;
        }
    }
}
