package io.amsgateway.server.caller;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
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
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Test CAs and certificates made with Bouncy Castle, and the PEM files and JDK contexts around them. */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key pair and its certificate, issued by {@code issuer} (or self-signed). */
    public record Issued(KeyPair keys, X509Certificate cert, List<X509Certificate> chain) {
        public PrivateKey key() {
            return keys.getPrivate();
        }
    }

    /** What a certificate says. */
    public static final class Spec {
        String cn = "test";
        final List<String> uris = new ArrayList<>();
        final List<String> dns = new ArrayList<>();
        final List<String> ips = new ArrayList<>();
        Instant notBefore = Instant.now().minus(Duration.ofHours(1));
        Instant notAfter = Instant.now().plus(Duration.ofDays(1));
        boolean ca;
        boolean server;
        String keyType = "EC";

        public Spec cn(String v) {
            cn = v;
            return this;
        }

        public Spec uri(String v) {
            uris.add(v);
            return this;
        }

        public Spec dns(String v) {
            dns.add(v);
            return this;
        }

        public Spec ip(String v) {
            ips.add(v);
            return this;
        }

        public Spec expired() {
            notBefore = Instant.now().minus(Duration.ofDays(2));
            notAfter = Instant.now().minus(Duration.ofDays(1));
            return this;
        }

        public Spec server() {
            server = true;
            return this;
        }

        public Spec rsa() {
            keyType = "RSA";
            return this;
        }
    }

    public static Spec spec() {
        return new Spec();
    }

    public static Issued ca(String cn) throws Exception {
        Spec s = spec().cn(cn);
        s.ca = true;
        return issue(s, null);
    }

    /** A server certificate for 127.0.0.1 and localhost. */
    public static Issued server(Issued ca) throws Exception {
        Spec s = spec().cn("gateway").dns("localhost").ip("127.0.0.1");
        s.server = true;
        return issue(s, ca);
    }

    public static Issued issue(Spec s, Issued issuer) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance(s.keyType);
        if (s.keyType.equals("EC")) {
            gen.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            gen.initialize(2048);
        }
        KeyPair pair = gen.generateKeyPair();
        X500Name subject = new X500Name("CN=" + s.cn);
        X500Name issuerName = issuer == null
                ? subject
                : X500Name.getInstance(issuer.cert.getSubjectX500Principal().getEncoded());
        var b = new JcaX509v3CertificateBuilder(
                issuerName,
                new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
                Date.from(s.notBefore),
                Date.from(s.notAfter),
                subject,
                pair.getPublic());
        List<GeneralName> names = new ArrayList<>();
        s.uris.forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
        s.dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        s.ips.forEach(i -> names.add(new GeneralName(GeneralName.iPAddress, i)));
        if (!names.isEmpty()) {
            b.addExtension(
                    Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(s.ca));
        if (s.ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.digitalSignature | (s.keyType.equals("RSA") ? KeyUsage.keyEncipherment : 0)));
            b.addExtension(
                    Extension.extendedKeyUsage,
                    false,
                    new ExtendedKeyUsage(s.server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
        }
        PrivateKey signingKey = issuer == null ? pair.getPrivate() : issuer.key();
        String alg = signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signingKey)));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        if (issuer != null) {
            chain.addAll(issuer.chain);
        }
        return new Issued(pair, cert, chain);
    }

    public static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    /** The chain as PEM, leaf first, without the root. */
    public static String chainPem(Issued i) throws IOException {
        StringBuilder b = new StringBuilder();
        for (X509Certificate c : i.chain.subList(0, Math.max(1, i.chain.size() - 1))) {
            b.append(pem(c));
        }
        return b.toString();
    }

    /** PKCS#8 ({@code PRIVATE KEY}). */
    public static String pkcs8(PrivateKey key) throws IOException {
        return pem(new JcaPKCS8Generator(key, null));
    }

    /** The traditional form: PKCS#1 ({@code RSA PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}). */
    public static String traditional(PrivateKey key) throws IOException {
        if (!key.getAlgorithm().equals("EC")) {
            return pem(key);
        }
        // SEC 1 with the curve inside, as openssl writes it (the JDK keeps the curve outside, in PKCS#8).
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey inner =
                org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters());
        return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }

    public static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        return file;
    }

    /** A client context trusting {@code trust}, presenting {@code identity} (when not null), for {@code protocol}. */
    public static SSLContext clientContext(X509Certificate trust, Issued identity)
            throws GeneralSecurityException, IOException {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", trust);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        KeyManagerFactory kmf = null;
        if (identity != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("me", identity.key(), new char[0], identity.chain.toArray(X509Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyManager[] kms =
                kmf == null ? null : new KeyManager[] {new Insistent((X509ExtendedKeyManager) kmf.getKeyManagers()[0])};
        ctx.init(kms, tmf.getTrustManagers(), null);
        return ctx;
    }

    /**
     * Presents its certificate whatever issuers the server asks for (the JDK's own key manager
     * would send none to a server that names another CA), so the server's verification is tested.
     */
    private static final class Insistent extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager km;

        Insistent(X509ExtendedKeyManager km) {
            this.km = km;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "me";
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "me";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"me"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return km.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return km.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return km.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return km.getPrivateKey(alias);
        }
    }

    private TestPki() {}
}
