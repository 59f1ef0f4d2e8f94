package io.amsgateway.server.caller;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** What kind of socket a caller came in on; decides whether an unidentified caller is {@code local}. */
public enum ListenerKind {
    /** A TCP listener bound to a loopback address: only processes on this host (pod) reach it. */
    LOOPBACK,
    /** A Unix domain socket: only processes that can open the file reach it. */
    UNIX_SOCKET,
    /** A TCP listener reachable from the network. */
    NETWORK;

    /**
     * The kind of a TCP listener bound to {@code host}: {@link #LOOPBACK} for {@code localhost} and
     * loopback literals ({@code 127.0.0.0/8}, {@code ::1}), else {@link #NETWORK}. Other names are
     * never resolved (no DNS), so they count as the network.
     */
    public static ListenerKind ofHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost")) {
            return LOOPBACK;
        }
        boolean literal = h.contains(":") || h.matches("[0-9.]+");
        if (!literal || h.isEmpty()) {
            return NETWORK;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress() ? LOOPBACK : NETWORK;
        } catch (UnknownHostException e) {
            return NETWORK;
        }
    }

    /** Whether callers on it are trusted as {@code local} when they present nothing. */
    public boolean local() {
        return this != NETWORK;
    }
}
