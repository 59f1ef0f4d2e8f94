package io.amsgateway.simulator;

import io.amsgateway.core.crypto.PemKeys;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = gen.generateKeyPair();
        X500Name name = new X500Name("CN=AMS simulator (self-signed)");
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(365))),
                name,
                pair.getPublic());
        try {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames(bindHost)));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer));
            return new TlsIdentity(pair.getPrivate(), List.of(cert));
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new GeneralSecurityException("cannot build the self-signed certificate", e);
        }
    }

    private static GeneralName[] altNames(String bindHost) {
        Set<GeneralName> names = new LinkedHashSet<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        if (!bindHost.isEmpty() && !"0.0.0.0".equals(bindHost) && !"::".equals(bindHost)) {
            names.add(new GeneralName(isIpLiteral(bindHost) ? GeneralName.iPAddress : GeneralName.dNSName, bindHost));
        }
        try {
            names.add(new GeneralName(
                    GeneralName.dNSName, InetAddress.getLocalHost().getHostName()));
        } catch (java.net.UnknownHostException ignored) {
            // No host name: the loopback names still work.
        }
        return names.toArray(GeneralName[]::new);
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /** The chain as PEM, leaf first: what a client adds to its trust store. */
    public String certificatePem() {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : chain) {
            try {
                sb.append("-----BEGIN CERTIFICATE-----\n")
                        .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("certificate cannot be encoded", e);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "TlsIdentity[" + chain.get(0).getSubjectX500Principal() + "]";
    }
}
