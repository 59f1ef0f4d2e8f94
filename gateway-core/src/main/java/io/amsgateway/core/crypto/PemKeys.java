package io.amsgateway.core.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Parses keys in the forms merchants and Alipay hand out.
 *
 * <ul>
 *   <li>Private: PEM {@code PRIVATE KEY} (PKCS#8), PEM {@code RSA PRIVATE KEY} (PKCS#1), PEM
 *       {@code EC PRIVATE KEY} (SEC 1), and Alipay's single-line base64 of PKCS#8 DER (PKCS#1 DER
 *       is accepted too, as the Python and PHP SDKs take it).
 *   <li>Public: PEM {@code PUBLIC KEY} (SPKI), PEM {@code RSA PUBLIC KEY} (PKCS#1), PEM {@code
 *       CERTIFICATE} (its public key), and single-line base64 of SPKI DER (or of a certificate).
 * </ul>
 *
 * <p>RSA keys become JDK key objects; EC keys, Bouncy Castle ones (SunEC lacks secp224r1). Any
 * failure is a {@link KeyFormatException} naming the format problem; no message contains key
 * material. Encrypted private keys are refused: decrypt them into the secret store instead.
 * Stateless and thread-safe.
 */
public final class PemKeys {
    /** A PEM certificate chain is a few KiB; this bounds what is read from a misconfigured file. */
    static final int MAX_TEXT_LENGTH = 64 * 1024;

    private PemKeys() {}

    /**
     * {@code der} as a PEM block of {@code type} (e.g. {@code PRIVATE KEY}, {@code PUBLIC KEY},
     * {@code CERTIFICATE}): base64 in lines of 64 characters, LF line ends, a final LF. The one PEM
     * encoder of the project.
     */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Parses a private key (see the class comment for the forms accepted). */
    public static PrivateKey privateKey(String text) {
        String t = checkText(text);
        PrivateKeyInfo info = t.startsWith("-----BEGIN ") ? privateFromPem(t) : privateFromDer(der(t));
        return toPrivateKey(info);
    }

    /** Parses a public key (see the class comment for the forms accepted). */
    public static PublicKey publicKey(String text) {
        String t = checkText(text);
        SubjectPublicKeyInfo info = t.startsWith("-----BEGIN ") ? publicFromPem(t) : publicFromDer(der(t));
        return toPublicKey(info);
    }

    private static String checkText(String text) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new KeyFormatException("key text is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        String t = text.strip();
        if (t.isEmpty()) {
            throw new KeyFormatException("key text is empty");
        }
        return t;
    }

    private static byte[] der(String base64) {
        StringBuilder sb = new StringBuilder(base64.length());
        for (int i = 0; i < base64.length(); i++) {
            char c = base64.charAt(i);
            if (!Character.isWhitespace(c)) {
                sb.append(c);
            }
        }
        try {
            return Base64.getDecoder().decode(sb.toString());
        } catch (IllegalArgumentException e) {
            throw new KeyFormatException("key is neither PEM (no '-----BEGIN ' line) nor valid base64");
        }
    }

    private static ASN1Primitive asn1(byte[] der) {
        try {
            return ASN1Primitive.fromByteArray(der);
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("key is base64 but not valid DER (truncated or corrupt)");
        }
    }

    private static PrivateKeyInfo privateFromDer(byte[] der) {
        ASN1Primitive p = asn1(der);
        try {
            return PrivateKeyInfo.getInstance(p);
        } catch (RuntimeException notPkcs8) {
            try {
                RSAPrivateKey pkcs1 = RSAPrivateKey.getInstance(p);
                return new PrivateKeyInfo(rsaAlgorithm(), pkcs1);
            } catch (IOException | RuntimeException notPkcs1) {
                throw new KeyFormatException("DER is neither a PKCS#8 nor a PKCS#1 private key");
            }
        }
    }

    private static SubjectPublicKeyInfo publicFromDer(byte[] der) {
        ASN1Primitive p = asn1(der);
        try {
            return SubjectPublicKeyInfo.getInstance(p);
        } catch (RuntimeException notSpki) {
            try {
                return Certificate.getInstance(p).getSubjectPublicKeyInfo();
            } catch (RuntimeException notCert) {
                try {
                    return new SubjectPublicKeyInfo(rsaAlgorithm(), RSAPublicKey.getInstance(p));
                } catch (IOException | RuntimeException notPkcs1) {
                    throw new KeyFormatException(
                            "DER is neither an SPKI public key, a PKCS#1 public key nor a certificate");
                }
            }
        }
    }

    private static PrivateKeyInfo privateFromPem(String pem) {
        Object o = firstKeyObject(pem);
        if (o instanceof PrivateKeyInfo info) {
            return info;
        }
        if (o instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
            throw new KeyFormatException(
                    "encrypted private keys are not supported; store the key unencrypted in the secret store");
        }
        if (o instanceof SubjectPublicKeyInfo || o instanceof X509CertificateHolder) {
            throw new KeyFormatException("found a public key or certificate where a private key was expected");
        }
        throw new KeyFormatException("PEM block '" + pemType(pem) + "' is not a private key");
    }

    private static SubjectPublicKeyInfo publicFromPem(String pem) {
        Object o = firstKeyObject(pem);
        if (o instanceof SubjectPublicKeyInfo info) {
            return info;
        }
        if (o instanceof X509CertificateHolder cert) {
            return cert.getSubjectPublicKeyInfo();
        }
        if (o instanceof PrivateKeyInfo
                || o instanceof PEMKeyPair
                || o instanceof PKCS8EncryptedPrivateKeyInfo
                || o instanceof PEMEncryptedKeyPair) {
            throw new KeyFormatException("found a private key where a public key was expected");
        }
        throw new KeyFormatException("PEM block '" + pemType(pem) + "' is not a public key or certificate");
    }

    /** The first PEM object that is not curve parameters (OpenSSL writes those before EC keys). */
    private static Object firstKeyObject(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            do {
                o = parser.readObject();
            } while (o instanceof ASN1ObjectIdentifier);
            if (o == null) {
                throw new KeyFormatException("no complete PEM block found (missing or mismatched END line?)");
            }
            return o;
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyFormatException k) {
                throw k;
            }
            throw new KeyFormatException("PEM block '" + pemType(pem) + "' is malformed (bad base64 or DER)");
        }
    }

    /** The type named on the first BEGIN line, for messages; the type is never secret. */
    private static String pemType(String pem) {
        try (PemReader r = new PemReader(new StringReader(pem))) {
            PemObject o = r.readPemObject();
            return o == null ? "unknown" : sanitize(o.getType());
        } catch (IOException | RuntimeException e) {
            int end = pem.indexOf("-----", 11);
            return end > 11 ? sanitize(pem.substring(11, end)) : "unknown";
        }
    }

    private static String sanitize(String type) {
        String s = type.length() > 40 ? type.substring(0, 40) : type;
        return s.replaceAll("[^A-Z0-9 ]", "?");
    }

    private static AlgorithmIdentifier rsaAlgorithm() {
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
    }

    private static PrivateKey toPrivateKey(PrivateKeyInfo info) {
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        try {
            return keyFactory(oid).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyFormatException(
                    "private key structure is invalid (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static PublicKey toPublicKey(SubjectPublicKeyInfo info) {
        ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
        try {
            return keyFactory(oid).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyFormatException(
                    "public key structure is invalid (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static KeyFactory keyFactory(ASN1ObjectIdentifier oid) throws GeneralSecurityException {
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return KeyFactory.getInstance("RSA");
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            Provider bc = CryptoProvider.bouncyCastleProvider();
            return KeyFactory.getInstance("EC", bc);
        }
        throw new KeyFormatException("unsupported key algorithm (only RSA and EC keys are accepted)");
    }
}
