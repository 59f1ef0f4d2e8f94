package io.amsgateway.server.cli;

import io.amsgateway.core.crypto.PemKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Generates an RSA key pair in both forms merchants meet: PEM (PKCS#8 private, SPKI public) and
 * Alipay's single-line base64 (what Antom Dashboard shows and the Java SDK takes).
 */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        description = "Generate an RSA key pair as PEM and as Alipay's single-line base64.")
public final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Directory to write the key files into.")
    Path out;

    @Option(names = "--name", defaultValue = "merchant", description = "File name prefix (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--bits", defaultValue = "2048", description = "RSA modulus size (default: ${DEFAULT-VALUE}).")
    int bits;

    @Override
    public Integer call() throws IOException, NoSuchAlgorithmException {
        if (bits < 2048 || bits > 8192) {
            throw new IllegalArgumentException("--bits must be between 2048 and 8192");
        }
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("--name may use letters, digits, '_', '.' and '-' only");
        }
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(bits);
        KeyPair pair = gen.generateKeyPair();
        Files.createDirectories(out);
        byte[] priv = pair.getPrivate().getEncoded();
        byte[] pub = pair.getPublic().getEncoded();
        PrintWriter w = spec.commandLine().getOut();
        write(w, out.resolve(name + "-private.pem"), pem("PRIVATE KEY", priv), true);
        write(w, out.resolve(name + "-private.b64"), Base64.getEncoder().encodeToString(priv) + "\n", true);
        write(w, out.resolve(name + "-public.pem"), pem("PUBLIC KEY", pub), false);
        write(w, out.resolve(name + "-public.b64"), Base64.getEncoder().encodeToString(pub) + "\n", false);
        w.println("Upload " + name + "-public.b64 to Antom Dashboard; keep the private files secret.");
        w.flush();
        return 0;
    }

    static String pem(String type, byte[] der) {
        return PemKeys.pem(type, der);
    }

    private static void write(PrintWriter w, Path file, String text, boolean secret) throws IOException {
        if (Files.exists(file)) {
            throw new IllegalArgumentException("refusing to overwrite " + file);
        }
        if (secret) {
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        w.println("wrote " + file);
    }
}
