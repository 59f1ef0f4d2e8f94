package io.amsgateway.server.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.server.config.CallersConfig;
import io.amsgateway.server.config.CallersConfig.Mode;
import io.amsgateway.server.config.CallersConfig.Rule;
import io.amsgateway.server.config.ListenerConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallerPolicyTest {
    private static final String CHECKOUT = "spiffe://cluster.local/ns/shop/sa/checkout";
    private static final String REPORTING = "spiffe://cluster.local/ns/reporting/sa/reports";
    private static final List<Rule> RULES = List.of(
            new Rule(CHECKOUT, List.of("*"), List.of("*"), "gateway.callers.rules[0]"),
            new Rule(
                    "spiffe://cluster.local/ns/reporting/*",
                    List.of("sea"),
                    List.of("payments/inquiry*"),
                    "gateway.callers.rules[1]"),
            new Rule(
                    "token:batch",
                    List.of("sea", "eu"),
                    List.of("payments/inquiryRefund", "payments/refund"),
                    "gateway.callers.rules[2]"));

    private static CallerPolicy policy(Mode mode, List<Rule> rules) {
        return CallerPolicy.from(new CallersConfig(mode, rules, List.of()));
    }

    private static Caller caller(String identity, Caller.Kind kind) {
        return new Caller(identity, kind, "tcp", "10.0.0.7:1");
    }

    private static final Caller CHECKOUT_CALLER = caller(CHECKOUT, Caller.Kind.CERTIFICATE_URI);
    private static final Caller REPORTING_CALLER = caller(REPORTING, Caller.Kind.CERTIFICATE_URI);

    @Test
    void apiPathsDropPrefixVersionAndQueryAndRefuseEverythingButThePlainForm() {
        assertThat(ApiPath.of("/ams/api/v1/payments/inquiryPayment")).hasValue("payments/inquiryPayment");
        assertThat(ApiPath.of("/ams/sandbox/api/v1/payments/inquiryPayment")).hasValue("payments/inquiryPayment");
        assertThat(ApiPath.of("/ams/api/v2/payments/inquiryPayment?x=1")).hasValue("payments/inquiryPayment");
        assertThat(ApiPath.of("/ams/api/v1/marketplace/settlement/query")).hasValue("marketplace/settlement/query");
        for (String bad : List.of(
                "/ams/api/v1/payments/../refunds/refund",
                "/ams/api/v1/payments/./pay",
                "/ams/api/v1/payments//pay",
                "/ams/api/v1/payments/%2e%2e/pay",
                "/ams/api/v1/payments\\pay",
                "/ams/api/v1/payments/pay;x=1",
                "/ams/api/v1/payments/pay#frag",
                "/ams/api/v1/",
                "/ams/api/",
                "/ams/other/v1/payments/pay",
                "/AMS/api/v1/payments/pay",
                "//ams/api/v1/payments/pay")) {
            assertThat(ApiPath.of(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void withoutRulesEveryoneIsAllowed() {
        PolicyDecision d = policy(Mode.ENFORCE, List.of())
                .decide(Caller.anonymous("tcp", "x"), "sea", "/ams/api/v1/payments/refund");
        assertThat(d.letThrough()).isTrue();
        assertThat(d.auditName()).isEqualTo("allowed");
    }

    @Test
    void aRuleAllowsItsCallerItsProfilesAndItsApisAndNothingElse() {
        CallerPolicy p = policy(Mode.ENFORCE, RULES);
        assertThat(p.decide(CHECKOUT_CALLER, "eu", "/ams/api/v1/payments/refund")
                        .rule())
                .isEqualTo("gateway.callers.rules[0]");
        PolicyDecision inquiry = p.decide(REPORTING_CALLER, "sea", "/ams/sandbox/api/v1/payments/inquiryRefund");
        assertThat(inquiry.outcome()).isEqualTo(PolicyDecision.Outcome.ALLOWED);
        assertThat(inquiry.rule()).isEqualTo("gateway.callers.rules[1]");

        PolicyDecision refund = p.decide(REPORTING_CALLER, "sea", "/ams/api/v1/payments/refund");
        assertThat(refund.outcome()).isEqualTo(PolicyDecision.Outcome.FORBIDDEN);
        assertThat(refund.reason())
                .contains(REPORTING)
                .contains("payments/refund")
                .contains("profile sea")
                .contains("gateway.callers.rules");
        assertThatThrownBy(refund::enforce)
                .isInstanceOfSatisfying(
                        GatewayException.class, g -> assertThat(g.code()).isEqualTo(ErrorCode.CALLER_FORBIDDEN))
                .hasMessageContaining(REPORTING);
        assertThat(p.decide(REPORTING_CALLER, "eu", "/ams/api/v1/payments/inquiryPayment")
                        .letThrough())
                .as("profile not in the rule")
                .isFalse();
        assertThat(p.decide(
                                caller("spiffe://cluster.local/ns/shop/sa/other", Caller.Kind.CERTIFICATE_URI),
                                "sea",
                                "/ams/api/v1/payments/inquiryPayment")
                        .letThrough())
                .as("an exact identity does not match its neighbours")
                .isFalse();
        assertThat(p.decide(caller("token:batch", Caller.Kind.BEARER_TOKEN), "eu", "/ams/api/v1/payments/refund")
                        .letThrough())
                .isTrue();
        assertThat(p.decide(caller("cn:batch", Caller.Kind.CERTIFICATE_CN), "eu", "/ams/api/v1/payments/refund")
                        .letThrough())
                .as("a certificate CN is not the token of the same name")
                .isFalse();
    }

    @Test
    void pathsThatAreNotPlainAreForbiddenEvenForACallerAllowedEverything() {
        PolicyDecision d = policy(Mode.ENFORCE, RULES).decide(CHECKOUT_CALLER, "sea", "/ams/api/v1/payments/../refund");
        assertThat(d.outcome()).isEqualTo(PolicyDecision.Outcome.FORBIDDEN);
        assertThat(d.reason()).contains("not a plain AMS API path");
    }

    @Test
    void anonymousCallersAreUnauthenticatedOnceRulesExistEvenWithACatchAllRule() {
        CallerPolicy p =
                policy(Mode.ENFORCE, List.of(new Rule("*", List.of("*"), List.of("*"), "gateway.callers.rules[0]")));
        PolicyDecision d = p.decide(Caller.anonymous("tcp", "x"), "sea", "/ams/api/v1/payments/pay");
        assertThat(d.outcome()).isEqualTo(PolicyDecision.Outcome.UNAUTHENTICATED);
        assertThatThrownBy(d::enforce).isInstanceOfSatisfying(GatewayException.class, g -> assertThat(g.code())
                .isEqualTo(ErrorCode.CALLER_UNAUTHENTICATED));
        assertThat(p.decide(caller("local", Caller.Kind.LOCAL), "sea", "/ams/api/v1/payments/pay")
                        .letThrough())
                .isTrue();
    }

    @Test
    void reportModeDecidesTheSameButLetsThrough() {
        CallerPolicy p = policy(Mode.REPORT, RULES);
        PolicyDecision refund = p.decide(REPORTING_CALLER, "sea", "/ams/api/v1/payments/refund");
        assertThat(refund.outcome()).isEqualTo(PolicyDecision.Outcome.FORBIDDEN);
        assertThat(refund.letThrough()).isTrue();
        assertThat(refund.auditName()).isEqualTo("would-be-forbidden");
        assertThat(refund.enforce()).isSameAs(refund);
        assertThat(p.decide(Caller.anonymous("tcp", "x"), "sea", "/ams/api/v1/payments/pay")
                        .auditName())
                .isEqualTo("would-be-unauthenticated");
    }

    @Test
    void aNetworkListenerWithoutRulesRefusesToStartAndSaysHowToFixIt() {
        ListenerConfig network = new ListenerConfig("0.0.0.0", 8080, 1 << 20, Duration.ofSeconds(60));
        assertThatThrownBy(() -> CallerPolicy.requireRulesFor(network, CallersConfig.NONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway.listener.host = 0.0.0.0")
                .hasMessageContaining("gateway.callers.rules")
                .hasMessageContaining("127.0.0.1")
                .hasMessageContaining("unix-socket");
        CallerPolicy.requireRulesFor(network, new CallersConfig(Mode.ENFORCE, RULES, List.of()));
        CallerPolicy.requireRulesFor(
                new ListenerConfig("127.0.0.1", 8080, 1 << 20, Duration.ofSeconds(60)), CallersConfig.NONE);
        CallerPolicy.requireRulesFor(
                new ListenerConfig("::1", 8080, 1 << 20, Duration.ofSeconds(60)), CallersConfig.NONE);
    }

    @Test
    void aSwapAppliesToDecisionsTakenAfterItWhileCallsHoldTheirPolicy() throws Exception {
        CallerPolicyHolder holder = new CallerPolicyHolder(policy(Mode.ENFORCE, List.of()));
        CallerPolicy inFlight = holder.current();
        CallerPolicy strict = policy(Mode.ENFORCE, RULES);
        AtomicInteger refusedAfterSwap = new AtomicInteger();
        CountDownLatch swapped = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                swapped.await();
            } catch (InterruptedException e) {
                return;
            }
            if (!holder.current()
                    .decide(REPORTING_CALLER, "sea", "/ams/api/v1/payments/refund")
                    .letThrough()) {
                refusedAfterSwap.incrementAndGet();
            }
        });
        reader.start();
        assertThat(holder.replace(strict)).isSameAs(inFlight);
        swapped.countDown();
        reader.join(10_000);
        assertThat(refusedAfterSwap).hasValue(1);
        assertThat(inFlight.decide(REPORTING_CALLER, "sea", "/ams/api/v1/payments/refund")
                        .letThrough())
                .as("a call that read the old policy finishes under it")
                .isTrue();
    }
}
