package io.amsgateway.core.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The three header values a signed AMS message carries, as received (any may be missing).
 *
 * @param clientId {@code client-id}
 * @param time {@code response-time} on a response, {@code request-time} on a notification
 * @param signature {@code signature}
 */
public record SignedHeaders(@Nullable String clientId, @Nullable String time, @Nullable String signature) {}
