package io.amsgateway.core.vault;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An {@link SSLContext} that trusts exactly the CA certificates of one PEM file. */
final class VaultTls {
    private VaultTls() {}

    /**
     * Reads {@code caPemFile} (blocking: call at start-up) and builds the context.
     *
     * @throws IllegalArgumentException if the file cannot be read or holds no certificate
     */
    static SSLContext trusting(Path caPemFile) {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(caPemFile)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot read Vault CA certificates from " + caPemFile + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("no certificate in Vault CA file " + caPemFile);
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("vault-ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the Vault TLS context", e);
        }
    }
}
