package io.amsgateway.server.config;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * {@code gateway.notifications}: Alipay's notifications arriving at the gateway.
 *
 * @param enabled whether requests under {@code pathPrefix} are taken as notifications
 * @param pathPrefix requests under this path are notifications
 * @param forwardUrl where verified notifications are forwarded (null when disabled)
 * @param forwardTimeout how long the internal service may take to answer
 * @param maxAge the largest accepted distance between request-time and now; zero turns it off
 * @param dedupWindow how long a delivered notification is remembered
 * @param dedupMaxEntries how many delivered notifications are remembered at most
 * @param forwardSignatureHeaders whether Alipay's {@code client-id}, {@code request-time} and
 *     {@code signature} go with the forwarded notification (so the internal service can re-verify)
 * @param forwardCaFile PEM CA certificates an https forward-url is verified against, or null for
 *     the JVM's trust store
 */
public record NotificationsConfig(
        boolean enabled,
        String pathPrefix,
        @Nullable URI forwardUrl,
        Duration forwardTimeout,
        Duration maxAge,
        Duration dedupWindow,
        int dedupMaxEntries,
        boolean forwardSignatureHeaders,
        java.nio.file.@Nullable Path forwardCaFile) {

    /** With Alipay's signature headers forwarded (the default). */
    public NotificationsConfig(
            boolean enabled,
            String pathPrefix,
            @Nullable URI forwardUrl,
            Duration forwardTimeout,
            Duration maxAge,
            Duration dedupWindow,
            int dedupMaxEntries) {
        this(enabled, pathPrefix, forwardUrl, forwardTimeout, maxAge, dedupWindow, dedupMaxEntries, true, null);
    }
}
