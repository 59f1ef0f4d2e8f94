package io.amsgateway.server.caller;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the listener's PEM files from bytes already read (so a reload checks exactly what it
 * hashed). Errors name the file and the problem, never the content. Stateless.
 */
final class PemFiles {
    private PemFiles() {}

    /** The certificates in a PEM bundle, in file order; at least one. */
    static List<X509Certificate> certificates(Path file, byte[] pem) throws TlsFileException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                out.add((X509Certificate) c);
            }
        } catch (CertificateException | RuntimeException e) {
            throw new TlsFileException(
                    file, "not a PEM certificate bundle (" + e.getClass().getSimpleName() + ")");
        }
        if (out.isEmpty()) {
            throw new TlsFileException(file, "holds no certificate");
        }
        return out;
    }

    /** The private key: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}). */
    static PrivateKey privateKey(Path file, byte[] pem) throws TlsFileException {
        Object o;
        try (Reader r = new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(r)) {
            o = parser.readObject();
            while (o != null && !(o instanceof PEMKeyPair || o instanceof PrivateKeyInfo || encrypted(o))) {
                o = parser.readObject(); // skip e.g. EC PARAMETERS blocks
            }
        } catch (IOException | RuntimeException e) {
            throw new TlsFileException(
                    file, "not a PEM private key (" + e.getClass().getSimpleName() + ")");
        }
        if (o == null) {
            throw new TlsFileException(
                    file, "holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
        }
        if (encrypted(o)) {
            throw new TlsFileException(file, "the private key is encrypted; give the gateway an unencrypted key file");
        }
        PrivateKeyInfo info = o instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo() : (PrivateKeyInfo) o;
        ASN1ObjectIdentifier alg = info.getPrivateKeyAlgorithm().getAlgorithm();
        String type;
        if (alg.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            type = "RSA";
        } else if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            type = "EC";
        } else if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
            type = "Ed25519";
        } else {
            throw new TlsFileException(file, "unsupported private key algorithm " + alg + " (RSA, EC or Ed25519)");
        }
        try {
            // The JDK's key classes, which every TLS engine takes.
            return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new TlsFileException(
                    file, "the private key cannot be used (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean encrypted(Object o) {
        return o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo;
    }

    /** Checks that {@code key} belongs to {@code cert} by signing a random message and verifying it. */
    static void checkPair(Path keyFile, PrivateKey key, Path certFile, X509Certificate cert) throws TlsFileException {
        PublicKey pub = cert.getPublicKey();
        String alg =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    case "Ed25519", "EdDSA" -> "Ed25519";
                    default -> throw new TlsFileException(keyFile, "unsupported key type " + key.getAlgorithm());
                };
        try {
            byte[] message = new byte[32];
            new SecureRandom().nextBytes(message);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(message);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(message);
            if (v.verify(sig)) {
                return;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // fall through: not a pair
        }
        throw new TlsFileException(keyFile, "the private key does not belong to the first certificate of " + certFile);
    }
}
