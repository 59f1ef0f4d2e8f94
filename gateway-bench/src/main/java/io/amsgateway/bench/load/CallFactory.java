package io.amsgateway.bench.load;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import org.jspecify.annotations.Nullable;

/**
 * What one call of a load mode sends and how its answer is judged. Both methods run on the
 * connection's event loop, inside the measured latency; implementations are thread-safe.
 */
interface CallFactory {
    /** The mode's name in reports ({@code gateway}, {@code direct} or {@code nginx}). */
    String mode();

    /** The size of every request body, in bytes. */
    int bodySize();

    /** The request for call number {@code seq} (unique within the run). */
    FullHttpRequest request(long seq);

    /**
     * Judges an answer.
     *
     * @return {@code null} if it is a verified success, else a short failure category for the report
     */
    @Nullable
    String check(FullHttpResponse response);
}
