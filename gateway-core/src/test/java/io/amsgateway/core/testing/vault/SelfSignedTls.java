package io.amsgateway.core.testing.vault;

import io.amsgateway.core.crypto.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed EC P-256 server certificate for {@code 127.0.0.1} and {@code localhost}, made with
 * Bouncy Castle the way the simulator's {@code TlsIdentity} makes its own (which gateway-core
 * cannot depend on), and the CA PEM file a client trusts. The private key stays in the {@link
 * SSLContext}; only the certificate is written out.
 */
final class SelfSignedTls {
    final SSLContext context;
    final Path caPem;

    private SelfSignedTls(SSLContext context, Path caPem) {
        this.context = context;
        this.caPem = caPem;
    }

    static SelfSignedTls create() throws GeneralSecurityException, IOException {
        // A CA certificate too, so that clients which insist on a CA (Python's ssl) accept it as an anchor.
        SelfSignedCertificate c = SelfSignedCertificate.generate(
                "Fake Vault (self-signed)", List.of("127.0.0.1", "localhost"), Duration.ofDays(1), true);
        X509Certificate cert = c.certificate();
        char[] password = new char[0];
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("vault", c.privateKey(), password, new X509Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        Path pem = Files.createTempFile("fake-vault-ca", ".pem");
        pem.toFile().deleteOnExit();
        Files.writeString(pem, c.certificatePem());
        return new SelfSignedTls(ctx, pem);
    }
}
