package io.amsgateway.server.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.server.config.CallersConfig;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CallerIdentifierTest {
    private static final String REPORTING_TOKEN = "rpt-7f3a9c1e5b2d4f608a1c3e5f7092b4d6";
    private static TestPki.Issued ca;

    private final CallerIdentifier withTokens = new CallerIdentifier(new BearerTokens(
            List.of(token("checkout", "chk-0000000000000000000000000000000000"), token("reporting", REPORTING_TOKEN))));
    private final CallerIdentifier noTokens = new CallerIdentifier(new BearerTokens(List.of()));

    @BeforeAll
    static void pki() throws Exception {
        ca = TestPki.ca("caller CA");
    }

    static CallersConfig.Token token(String name, String token) {
        return new CallersConfig.Token(name, BearerTokens.sha256(token.getBytes(StandardCharsets.US_ASCII)), "test");
    }

    private static X509Certificate cert(TestPki.Spec spec) throws Exception {
        return TestPki.issue(spec, ca).cert();
    }

    private Caller identify(ListenerKind kind, X509Certificate peer, String authorization) {
        return withTokens.identify(kind, "tcp", "10.0.0.7:51234", peer, authorization);
    }

    @Test
    void aCertificateIsIdentifiedByUriSanThenDnsSanThenCommonName() throws Exception {
        Caller uri = identify(
                ListenerKind.NETWORK,
                cert(TestPki.spec().cn("x").dns("x.svc").uri("spiffe://cluster.local/ns/shop/sa/checkout")),
                null);
        assertThat(uri)
                .isEqualTo(new Caller(
                        "spiffe://cluster.local/ns/shop/sa/checkout",
                        Caller.Kind.CERTIFICATE_URI,
                        "tcp",
                        "10.0.0.7:51234"));
        assertThat(identify(
                        ListenerKind.NETWORK,
                        cert(TestPki.spec().cn("x").dns("A.svc").dns("b.svc")),
                        null))
                .extracting(Caller::identity, Caller::kind)
                .containsExactly("dns:a.svc", Caller.Kind.CERTIFICATE_DNS);
        assertThat(identify(ListenerKind.NETWORK, cert(TestPki.spec().cn("reporting")), null))
                .extracting(Caller::identity, Caller::kind)
                .containsExactly("cn:reporting", Caller.Kind.CERTIFICATE_CN);
    }

    @Test
    void aCertificateWinsOverATokenAndOverLocal() throws Exception {
        X509Certificate c = cert(TestPki.spec().uri("spiffe://td/a"));
        assertThat(identify(ListenerKind.LOOPBACK, c, "Bearer " + REPORTING_TOKEN)
                        .identity())
                .isEqualTo("spiffe://td/a");
    }

    @Test
    void aUriSanThatWouldPoseAsAnotherKindIsNotUsed() throws Exception {
        assertThat(identify(ListenerKind.NETWORK, cert(TestPki.spec().cn("real").uri("token:reporting")), null)
                        .identity())
                .isEqualTo("cn:real");
        assertThat(identify(ListenerKind.NETWORK, cert(TestPki.spec().cn("real").uri("local:x")), null)
                        .identity())
                .isEqualTo("cn:real");
    }

    @Test
    void certificatesWithoutOneUsableIdentityAreRefused() throws Exception {
        X509Certificate two = cert(TestPki.spec().uri("spiffe://td/a").uri("spiffe://td/b"));
        assertThatThrownBy(() -> identify(ListenerKind.NETWORK, two, null))
                .isInstanceOfSatisfying(
                        GatewayException.class, g -> assertThat(g.code()).isEqualTo(ErrorCode.CALLER_UNAUTHENTICATED))
                .hasMessageContaining("2 URI subject alternative names");
        X509Certificate spaced = cert(TestPki.spec().cn("John Smith"));
        assertThatThrownBy(() -> identify(ListenerKind.NETWORK, spaced, null)).hasMessageContaining("printable ASCII");
    }

    @Test
    void aKnownBearerTokenIdentifiesByItsName() {
        Caller c = identify(ListenerKind.NETWORK, null, "Bearer " + REPORTING_TOKEN);
        assertThat(c.identity()).isEqualTo("token:reporting");
        assertThat(c.kind()).isEqualTo(Caller.Kind.BEARER_TOKEN);
        assertThat(identify(ListenerKind.LOOPBACK, null, "bearer  " + REPORTING_TOKEN + " ")
                        .identity())
                .as("scheme is case-insensitive; spaces around are trimmed")
                .isEqualTo("token:reporting");
    }

    @Test
    void anUnknownOrMalformedCredentialIsRefusedWithoutEchoingIt() {
        for (String header : List.of(
                "Bearer " + REPORTING_TOKEN + "x", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer a b", REPORTING_TOKEN)) {
            assertThatThrownBy(() -> identify(ListenerKind.LOOPBACK, null, header))
                    .as(header)
                    .isInstanceOfSatisfying(GatewayException.class, g -> assertThat(g.code())
                            .isEqualTo(ErrorCode.CALLER_UNAUTHENTICATED))
                    .hasMessageNotContaining(REPORTING_TOKEN)
                    .hasMessageNotContaining("dXNlcjpwYXNz");
        }
    }

    @Test
    void withoutConfiguredTokensTheHeaderIsIgnored() {
        assertThat(noTokens.identify(ListenerKind.LOOPBACK, "tcp", "127.0.0.1:1", (X509Certificate) null, "Basic x")
                        .identity())
                .isEqualTo("local");
    }

    @Test
    void nothingPresentedIsLocalOnLoopbackAndUnixSocketsElseAnonymous() {
        assertThat(identify(ListenerKind.LOOPBACK, null, null).kind()).isEqualTo(Caller.Kind.LOCAL);
        assertThat(identify(ListenerKind.UNIX_SOCKET, null, null).identity()).isEqualTo("local");
        Caller anon = identify(ListenerKind.NETWORK, null, null);
        assertThat(anon.isAnonymous()).isTrue();
        assertThat(anon.identity()).isEqualTo("anonymous");
        assertThat(noTokens.identify(ListenerKind.NETWORK, "tcp", "x", (javax.net.ssl.SSLSession) null, null)
                        .isAnonymous())
                .as("no TLS session")
                .isTrue();
    }

    @Test
    void listenerKindsFromTheBindAddress() {
        assertThat(ListenerKind.ofHost("127.0.0.1")).isEqualTo(ListenerKind.LOOPBACK);
        assertThat(ListenerKind.ofHost("127.3.2.1")).isEqualTo(ListenerKind.LOOPBACK);
        assertThat(ListenerKind.ofHost("::1")).isEqualTo(ListenerKind.LOOPBACK);
        assertThat(ListenerKind.ofHost("[::1]")).isEqualTo(ListenerKind.LOOPBACK);
        assertThat(ListenerKind.ofHost("localhost")).isEqualTo(ListenerKind.LOOPBACK);
        assertThat(ListenerKind.ofHost("0.0.0.0")).isEqualTo(ListenerKind.NETWORK);
        assertThat(ListenerKind.ofHost("::")).isEqualTo(ListenerKind.NETWORK);
        assertThat(ListenerKind.ofHost("10.1.2.3")).isEqualTo(ListenerKind.NETWORK);
        assertThat(ListenerKind.ofHost("gateway.internal"))
                .as("names are not resolved")
                .isEqualTo(ListenerKind.NETWORK);
    }
}
