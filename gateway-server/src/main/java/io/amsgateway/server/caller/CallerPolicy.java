package io.amsgateway.server.caller;

import io.amsgateway.server.config.CallersConfig;
import io.amsgateway.server.config.ListenerConfig;
import java.util.List;
import java.util.Optional;

/**
 * Which caller may use which profile for which API ({@code gateway.callers}).
 *
 * <p>Without rules every caller is allowed everything (and {@link #requireRulesFor} keeps such a
 * gateway off the network). With rules, a call is allowed when one rule matches its caller's
 * identity, its profile and its {@link ApiPath}; everything else is refused (default deny), and an
 * anonymous caller is refused as unauthenticated. In {@code report} mode refusals are decided and
 * recorded but not enforced ({@link PolicyDecision#letThrough()}).
 *
 * <p>Immutable and thread-safe; swap it whole for a reload ({@link CallerPolicyHolder}). A decision
 * is a few pattern matches, with no I/O.
 *
 * <pre>{@code
 * PolicyDecision d = holder.current().decide(caller, profile.name(), request.uri());
 * audit(d);
 * d.enforce(); // throws GatewayException CALLER_FORBIDDEN / CALLER_UNAUTHENTICATED when refused
 * }</pre>
 */
public final class CallerPolicy {
    private final CallersConfig.Mode mode;
    private final List<CompiledRule> rules;

    private CallerPolicy(CallersConfig.Mode mode, List<CompiledRule> rules) {
        this.mode = mode;
        this.rules = rules;
    }

    /** The policy of {@code gateway.callers}. */
    public static CallerPolicy from(CallersConfig config) {
        return new CallerPolicy(
                config.mode(), config.rules().stream().map(CompiledRule::new).toList());
    }

    /** Whether any rule is configured (and so everything else is denied). */
    public boolean hasRules() {
        return !rules.isEmpty();
    }

    /** {@code enforce} or {@code report}. */
    public CallersConfig.Mode mode() {
        return mode;
    }

    /**
     * Decides one call.
     *
     * @param caller who calls
     * @param profile the client profile's name that the call would use
     * @param requestTarget the request target as received ({@code /ams/api/v1/payments/pay})
     */
    public PolicyDecision decide(Caller caller, String profile, String requestTarget) {
        boolean enforced = mode == CallersConfig.Mode.ENFORCE;
        if (rules.isEmpty()) {
            return new PolicyDecision(PolicyDecision.Outcome.ALLOWED, enforced, "no caller rules are configured", null);
        }
        if (caller.isAnonymous()) {
            return new PolicyDecision(
                    PolicyDecision.Outcome.UNAUTHENTICATED,
                    enforced,
                    "caller rules are configured and this caller has no identity: present a client certificate"
                            + " or an Authorization: Bearer token",
                    null);
        }
        Optional<String> api = ApiPath.of(requestTarget);
        if (api.isEmpty()) {
            return new PolicyDecision(
                    PolicyDecision.Outcome.FORBIDDEN,
                    enforced,
                    "caller " + caller.identity() + " may not call this target: it is not a plain AMS API path"
                            + " (/ams/api/v<N>/<resource>/<action>)",
                    null);
        }
        for (CompiledRule r : rules) {
            if (r.matches(caller.identity(), profile, api.get())) {
                return new PolicyDecision(
                        PolicyDecision.Outcome.ALLOWED,
                        enforced,
                        "allowed by " + r.key + " (caller " + r.caller + ")",
                        r.key);
            }
        }
        return new PolicyDecision(
                PolicyDecision.Outcome.FORBIDDEN,
                enforced,
                "caller " + caller.identity() + " may not call " + api.get() + " with profile " + profile
                        + ": no rule in gateway.callers.rules allows this caller, profile and api",
                null);
    }

    /**
     * The start-up rule: a listener reachable from the network must have caller rules, because
     * without them anyone who reaches the port gets the merchant's signature on any call. A
     * loopback listener (and a Unix socket) may serve without rules.
     *
     * @throws IllegalStateException naming the listener and saying how to fix it
     */
    public static void requireRulesFor(ListenerConfig listener, CallersConfig callers) {
        if (!callers.rules().isEmpty() || ListenerKind.ofHost(listener.host()).local()) {
            return;
        }
        throw new IllegalStateException("gateway.listener.host = " + listener.host()
                + " is reachable from the network and gateway.callers.rules is empty: anyone who reaches"
                + " port " + listener.port() + " could have any call signed with the merchant's keys."
                + " Either listen on loopback (gateway.listener.host = 127.0.0.1) or a Unix socket"
                + " (gateway.listener.unix-socket), or add caller rules, e.g. with"
                + " gateway.listener.tls { enabled = true, client-auth = require, ... } and"
                + " gateway.callers.rules = [ { caller = \"spiffe://cluster.local/ns/shop/sa/checkout\","
                + " profiles = [\"*\"], apis = [\"*\"] } ]");
    }

    @Override
    public String toString() {
        return "CallerPolicy[" + mode + ", " + rules.size() + " rules]";
    }

    private static final class CompiledRule {
        final String key;
        final Glob caller;
        final List<String> profiles;
        final List<Glob> apis;

        CompiledRule(CallersConfig.Rule rule) {
            this.key = rule.key();
            this.caller = new Glob(rule.caller());
            this.profiles = rule.profiles();
            this.apis = rule.apis().stream().map(Glob::new).toList();
        }

        boolean matches(String identity, String profile, String api) {
            return caller.matches(identity)
                    && (profiles.contains("*") || profiles.contains(profile))
                    && apis.stream().anyMatch(g -> g.matches(api));
        }
    }
}
