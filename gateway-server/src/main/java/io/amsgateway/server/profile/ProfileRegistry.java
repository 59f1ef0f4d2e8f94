package io.amsgateway.server.profile;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The profiles by client id, and the default for callers that send no {@code Client-Id}. Immutable. */
public final class ProfileRegistry {
    private final Map<String, ClientProfile> byClientId = new LinkedHashMap<>();
    private final @Nullable ClientProfile defaultProfile;

    public ProfileRegistry(Collection<ClientProfile> profiles, @Nullable String defaultName) {
        ClientProfile d = null;
        for (ClientProfile p : profiles) {
            byClientId.put(p.cfg().clientId(), p);
            if (p.name().equals(defaultName)) {
                d = p;
            }
        }
        this.defaultProfile = d;
    }

    /**
     * The profile for a caller's {@code Client-Id} header, or the default one when it sent none.
     *
     * @throws GatewayException {@code UNKNOWN_CLIENT}
     */
    public ClientProfile select(@Nullable String clientId) {
        if (clientId == null || clientId.isEmpty()) {
            if (defaultProfile == null) {
                throw new GatewayException(
                        ErrorCode.UNKNOWN_CLIENT,
                        "send a Client-Id header naming a configured client id; there is no default profile");
            }
            return defaultProfile;
        }
        ClientProfile p = byClientId.get(clientId);
        if (p == null) {
            throw new GatewayException(
                    ErrorCode.UNKNOWN_CLIENT, "the Client-Id header names no configured client profile");
        }
        return p;
    }

    /** The profile named {@code name}, or null. */
    public @Nullable ClientProfile named(String name) {
        for (ClientProfile p : byClientId.values()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** All profiles. */
    public Collection<ClientProfile> all() {
        return byClientId.values();
    }
}
