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
     */
    public record Limit(int rate, int burst, int maxInFlight) {
        /** No limit. */
        public static final Limit NONE = new Limit(0, 0, 0);

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
