package io.amsgateway.server.pipeline;

import io.amsgateway.server.call.CallHandler;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the handler for a request by its path: an inbound notification under the configured
 * prefix, else a proxied AMS call (which answers {@code ROUTE_NOT_FOUND} itself for paths it does
 * not proxy). Immutable.
 */
public final class Routes {
    private final CallHandler ams;
    private final @Nullable String notificationPrefix;
    private final @Nullable CallHandler notifications;

    private Routes(CallHandler ams, @Nullable String notificationPrefix, @Nullable CallHandler notifications) {
        this.ams = ams;
        this.notificationPrefix = notificationPrefix;
        this.notifications = notifications;
    }

    /** Every request to {@code ams}. */
    public static Routes of(CallHandler ams) {
        return new Routes(ams, null, null);
    }

    /** These routes, plus requests under {@code prefix} to {@code handler}. */
    public Routes withNotifications(String prefix, CallHandler handler) {
        return new Routes(ams, prefix, handler);
    }

    /** The handler for {@code uri}. */
    public CallHandler choose(String uri) {
        if (notifications != null && notificationPrefix != null && under(uri, notificationPrefix)) {
            return notifications;
        }
        return ams;
    }

    /** Whether {@code uri} is {@code prefix} itself or below it (a path or query may follow). */
    static boolean under(String uri, String prefix) {
        return uri.startsWith(prefix)
                && (uri.length() == prefix.length()
                        || uri.charAt(prefix.length()) == '/'
                        || uri.charAt(prefix.length()) == '?');
    }
}
