package io.amsgateway.simulator;

import io.amsgateway.core.crypto.PemKeys;
import io.amsgateway.core.crypto.SelfSignedCertificate;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The simulator's TLS server identity: a private key and its certificate chain, either configured
 * or generated at start (a self-signed EC P-256 certificate made with Bouncy Castle, valid for a
 * year, naming {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the bind host). A client
 * trusts it by trusting {@link #certificatePem()}, with hostname verification left on.
 *
 * @param key the private key
 * @param chain the certificate chain, leaf first
 */
public record TlsIdentity(PrivateKey key, List<X509Certificate> chain) {
    public TlsIdentity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the certificate chain is empty");
        }
    }

    /** Loads a key (any form gateway-core parses) and a PEM certificate chain. */
    public static TlsIdentity fromPem(String privateKeyText, String certificateChainPem)
            throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> chain = new ArrayList<>();
        for (var c : cf.generateCertificates(
                new ByteArrayInputStream(certificateChainPem.getBytes(StandardCharsets.US_ASCII)))) {
            chain.add((X509Certificate) c);
        }
        return new TlsIdentity(PemKeys.privateKey(privateKeyText), chain);
    }

    /** Generates a self-signed identity for {@code bindHost} (and always for the loopback names). */
    public static TlsIdentity selfSigned(String bindHost) throws GeneralSecurityException {
        SelfSignedCertificate c = SelfSignedCertificate.generate(
                "AMS simulator (self-signed)", hosts(bindHost), Duration.ofDays(365), false);
        return new TlsIdentity(c.privateKey(), List.of(c.certificate()));
    }

    private static Set<String> hosts(String bindHost) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        if (!bindHost.isEmpty() && !"0.0.0.0".equals(bindHost) && !"::".equals(bindHost)) {
            names.add(bindHost);
        }
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (java.net.UnknownHostException ignored) {
            // No host name: the loopback names still work.
        }
        return names;
    }

    /** The chain as PEM, leaf first: what a client adds to its trust store. */
    public String certificatePem() {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : chain) {
            sb.append(SelfSignedCertificate.pem(c));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "TlsIdentity[" + chain.get(0).getSubjectX500Principal() + "]";
    }
}
