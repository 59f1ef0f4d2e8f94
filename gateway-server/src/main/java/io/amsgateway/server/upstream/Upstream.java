package io.amsgateway.server.upstream;

import java.util.concurrent.CompletableFuture;

/**
 * The seam between a call and Alipay: send one complete, signed request and complete with the
 * answer as received, or fail with an {@link UpstreamException} that says whether anything may
 * have reached Alipay. {@link AlipayUpstream} is the real one (pooled HTTPS); tests put a fake
 * here to run a call without sockets. Implementations are thread-safe and never block.
 */
@FunctionalInterface
public interface Upstream extends AutoCloseable {
    CompletableFuture<UpstreamResponse> exchange(UpstreamRequest request);

    /** Releases connections; nothing by default. */
    @Override
    default void close() {}
}
