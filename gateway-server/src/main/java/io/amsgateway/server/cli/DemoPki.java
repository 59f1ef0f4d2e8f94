package io.amsgateway.server.cli;

import io.amsgateway.core.crypto.PemKeys;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The test PKI of {@code demo --mtls DIR}: a CA, the gateway's server certificate (for {@code
 * localhost} and {@code 127.0.0.1}) and two callers' client certificates, EC P-256, valid for 30
 * days, written as PEM into a directory. Test material only: the keys are made here and never
 * leave the machine.
 *
 * <pre>
 * ca.pem                                   the CA (trust it for the server; it signs the callers)
 * server.pem, server-key.pem               the gateway's listener
 * caller-full.pem, caller-full-key.pem     spiffe://ams-gateway.demo/caller/full
 * caller-inquiry.pem, caller-inquiry-key.pem   spiffe://ams-gateway.demo/caller/inquiry
 * </pre>
 */
public final class DemoPki {
    /** The full caller's identity (its URI SAN). */
    public static final String FULL = "spiffe://ams-gateway.demo/caller/full";
    /** The inquiry-only caller's identity (its URI SAN). */
    public static final String INQUIRY = "spiffe://ams-gateway.demo/caller/inquiry";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration VALIDITY = Duration.ofDays(30);

    /** A key and its certificate. */
    public record Issued(PrivateKey key, X509Certificate cert) {}

    public final Issued ca;
    public final Issued server;
    public final Issued full;
    public final Issued inquiry;

    private DemoPki(Issued ca, Issued server, Issued full, Issued inquiry) {
        this.ca = ca;
        this.server = server;
        this.full = full;
        this.inquiry = inquiry;
    }

    /** Generates the CA and the three certificates. */
    public static DemoPki generate() throws GeneralSecurityException {
        Issued ca = issue("ams-gateway demo CA", List.of(), null, Kind.CA);
        Issued server = issue("ams-gateway demo server", List.of("localhost", "127.0.0.1"), ca, Kind.SERVER);
        Issued full = issue("caller-full", List.of(FULL), ca, Kind.CLIENT);
        Issued inquiry = issue("caller-inquiry", List.of(INQUIRY), ca, Kind.CLIENT);
        return new DemoPki(ca, server, full, inquiry);
    }

    /**
     * Writes the files into {@code dir} (created if missing; key files owner-only where the file
     * system allows).
     *
     * @throws IllegalArgumentException if one of the files exists already (nothing is overwritten)
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String f : List.of(
                "ca.pem",
                "server.pem",
                "server-key.pem",
                "caller-full.pem",
                "caller-full-key.pem",
                "caller-inquiry.pem",
                "caller-inquiry-key.pem")) {
            if (Files.exists(dir.resolve(f))) {
                throw new IllegalArgumentException("refusing to overwrite " + dir.resolve(f));
            }
        }
        cert(dir.resolve("ca.pem"), ca);
        cert(dir.resolve("server.pem"), server);
        key(dir.resolve("server-key.pem"), server);
        cert(dir.resolve("caller-full.pem"), full);
        key(dir.resolve("caller-full-key.pem"), full);
        cert(dir.resolve("caller-inquiry.pem"), inquiry);
        key(dir.resolve("caller-inquiry-key.pem"), inquiry);
    }

    /** A client context that trusts the CA and presents {@code caller}'s certificate. */
    public SSLContext clientContext(Issued caller) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.cert());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyStore mine = KeyStore.getInstance("PKCS12");
        mine.load(null, null);
        char[] none = new char[0];
        mine.setKeyEntry("caller", caller.key(), none, new X509Certificate[] {caller.cert(), ca.cert()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(mine, none);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), RANDOM);
        return ctx;
    }

    private static void cert(Path file, Issued i) throws IOException {
        Files.writeString(file, PemKeys.pem("CERTIFICATE", encoded(i.cert())));
    }

    private static void key(Path file, Issued i) throws IOException {
        Files.writeString(file, PemKeys.pem("PRIVATE KEY", i.key().getEncoded()));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the file keeps the directory's permissions.
        }
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private enum Kind {
        CA,
        SERVER,
        CLIENT
    }

    private static Issued issue(String cn, List<String> names, Issued issuer, Kind kind)
            throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = gen.generateKeyPair();
        X500Name subject = new X500Name("CN=" + cn);
        X500Name issuerName = issuer == null
                ? subject
                : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(
                issuerName,
                new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)),
                subject,
                pair.getPublic());
        try {
            List<GeneralName> sans = new ArrayList<>();
            for (String n : names) {
                int type = n.contains("://")
                        ? GeneralName.uniformResourceIdentifier
                        : n.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName;
                sans.add(new GeneralName(type, n));
            }
            if (!sans.isEmpty()) {
                b.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(kind == Kind.CA));
            if (kind == Kind.CA) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(
                        Extension.extendedKeyUsage,
                        false,
                        new ExtendedKeyUsage(
                                kind == Kind.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            }
            PrivateKey signer = issuer == null ? pair.getPrivate() : issuer.key();
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
            return new Issued(pair.getPrivate(), cert);
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot build the demo certificate " + cn, e);
        }
    }
}
