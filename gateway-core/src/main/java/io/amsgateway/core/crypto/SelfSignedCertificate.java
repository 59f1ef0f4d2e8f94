package io.amsgateway.core.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
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
 * A self-signed EC P-256 TLS server certificate made with Bouncy Castle, for the local stand-ins
 * (the AMS simulator, the fake Vault) that a gateway must trust without turning verification off:
 * the client trusts {@link #certificatePem()} and keeps host name verification on.
 *
 * @param privateKey the server's private key
 * @param certificate the certificate, valid from an hour ago
 */
public record SelfSignedCertificate(PrivateKey privateKey, X509Certificate certificate) {
    /**
     * Generates a key pair and its certificate.
     *
     * @param commonName the subject's (and issuer's) CN
     * @param hosts the subject alternative names: host names, or IPv4/IPv6 literals
     * @param ca also a CA certificate, for clients that only take CA certificates as trust anchors
     *     (Python's ssl); otherwise a leaf for server authentication only
     */
    public static SelfSignedCertificate generate(
            String commonName, Collection<String> hosts, Duration validity, boolean ca)
            throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = gen.generateKeyPair();
        X500Name name = new X500Name("CN=" + commonName);
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(validity)),
                name,
                pair.getPublic());
        try {
            b.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(hosts.stream()
                            .map(h -> new GeneralName(isIpLiteral(h) ? GeneralName.iPAddress : GeneralName.dNSName, h))
                            .toArray(GeneralName[]::new)));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            }
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            return new SelfSignedCertificate(
                    pair.getPrivate(), new JcaX509CertificateConverter().getCertificate(b.build(signer)));
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new GeneralSecurityException("cannot build the self-signed certificate", e);
        }
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal rather than a name. */
    public static boolean isIpLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /** The certificate as PEM. */
    public String certificatePem() {
        return pem(certificate);
    }

    /** {@code certificate} as PEM. */
    public static String pem(X509Certificate certificate) {
        try {
            return PemKeys.pem("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate cannot be encoded", e);
        }
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate[" + certificate.getSubjectX500Principal() + "]";
    }
}
