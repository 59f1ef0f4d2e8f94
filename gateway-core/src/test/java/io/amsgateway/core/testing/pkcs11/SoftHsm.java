package io.amsgateway.core.testing.pkcs11;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Assumptions;

/**
 * Real SoftHSM2 tokens for tests (Debian's {@code softhsm2}, driven with its {@code softhsm2-util}
 * and OpenSC's {@code pkcs11-tool}, as an operator would).
 *
 * <p>SoftHSM reads its configuration ({@code SOFTHSM2_CONF}, set by the build's surefire
 * configuration to a file under {@code target/}) and finds its tokens once per process, when the
 * library is first initialised. So the first {@link #claim()} in a JVM writes that file, pointing
 * at a fresh temporary token directory, and creates a pool of tokens there before any SunPKCS11
 * provider loads the library; each test then claims a token of its own (its own PIN, its own
 * keys). Keys can be added to and removed from a claimed token at any time: SoftHSM re-reads a
 * token's objects when they change.
 *
 * <p>Under CI ({@code CI=true}) a missing SoftHSM fails the test; elsewhere it is skipped with a
 * message saying what to install.
 */
public final class SoftHsm {
    /** Where Debian puts the module. */
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    private static final int POOL = 16;
    private static final Pattern REASSIGNED = Pattern.compile("reassigned to slot (\\d+)");
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static volatile List<Token> pool;

    private SoftHsm() {}

    /** A fresh token of this JVM's pool: its own label, PIN and slot, no objects yet. */
    public static Token claim() {
        List<Token> tokens = pool();
        int i = NEXT.getAndIncrement();
        if (i >= tokens.size()) {
            throw new IllegalStateException("the SoftHSM pool of " + POOL + " tokens is used up; raise SoftHsm.POOL");
        }
        return tokens.get(i);
    }

    private static synchronized List<Token> pool() {
        if (pool != null) {
            return pool;
        }
        String why = missing();
        if (why != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(
                        "SoftHSM2 tests must run under CI, but " + why + " (.ci/run installs softhsm2 and opensc)");
            }
            Assumptions.assumeTrue(
                    false,
                    "SoftHSM2 tests skipped: " + why
                            + " (apt-get install softhsm2 opensc, and run the tests through Maven)");
        }
        try {
            Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
            Files.createDirectories(conf.getParent());
            Path tokenDir = Files.createTempDirectory("softhsm-tokens");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(tokenDir.getParent(), tokenDir)));
            Files.writeString(
                    conf,
                    "directories.tokendir = " + tokenDir + "\nobjectstore.backend = file\nlog.level = ERROR\n"
                            + "slots.removable = false\n");
            List<Token> tokens = new ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                String label = String.format("ams-test-%02d", i);
                String pin = "pin-" + i + "-" + Long.toHexString(System.nanoTime());
                String out = run(
                        "softhsm2-util",
                        "--init-token",
                        "--free",
                        "--label",
                        label,
                        "--pin",
                        pin,
                        "--so-pin",
                        "so-" + pin);
                Matcher m = REASSIGNED.matcher(out);
                if (!m.find()) {
                    throw new IllegalStateException("softhsm2-util said no slot: " + out);
                }
                tokens.add(new Token(label, pin, Long.parseLong(m.group(1)), tokenDir));
            }
            pool = List.copyOf(tokens);
            return pool;
        } catch (IOException e) {
            throw new IllegalStateException("cannot set SoftHSM2 up", e);
        }
    }

    /** Deletes {@code tokenDir} and the removed tokens beside it ({@link Token#remove()}). */
    private static void deleteTree(Path parent, Path tokenDir) {
        try (var siblings = Files.list(parent)) {
            for (Path p : siblings.filter(d -> d.getFileName()
                            .toString()
                            .startsWith(tokenDir.getFileName().toString()))
                    .toList()) {
                try (var walk = Files.walk(p)) {
                    for (Path f :
                            walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }

    private static String missing() {
        if (!Files.isRegularFile(LIBRARY)) {
            return LIBRARY + " is missing";
        }
        for (String tool : List.of("softhsm2-util", "pkcs11-tool")) {
            if (!onPath(tool)) {
                return tool + " is not on the PATH";
            }
        }
        if (System.getenv("SOFTHSM2_CONF") == null) {
            return "SOFTHSM2_CONF is not set (the build's surefire configuration sets it)";
        }
        return null;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a SoftHSM or OpenSC tool with this JVM's SOFTHSM2_CONF; fails unless it exits 0. */
    static String run(String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SOFTHSM2_CONF", System.getenv("SOFTHSM2_CONF"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(command[0] + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    /** One token of the pool. */
    public static final class Token {
        private final String label;
        private final String pin;
        private final long slot;
        private final Path tokenDir;

        Token(String label, String pin, long slot, Path tokenDir) {
            this.label = label;
            this.pin = pin;
            this.slot = slot;
            this.tokenDir = tokenDir;
        }

        public String label() {
            return label;
        }

        public String pin() {
            return pin;
        }

        /** The slot id SoftHSM gave the token (SunPKCS11's {@code slot}). */
        public long slot() {
            return slot;
        }

        /**
         * Imports {@code pair} as key {@code keyLabel}: the private key (PKCS#8, written with
         * {@code pkcs11-tool}) and a self-signed certificate of its public key with the same label
         * and {@code CKA_ID}, as SunPKCS11's key store needs to pair them.
         */
        public void importKey(String keyLabel, KeyPair pair)
                throws IOException, java.security.GeneralSecurityException {
            importKey(keyLabel, pair, pair);
        }

        /**
         * As {@link #importKey(String, KeyPair)}, with the certificate of {@code certified}'s public
         * key: a mismatched pair when it is not {@code pair}.
         */
        public void importKey(String keyLabel, KeyPair pair, KeyPair certified)
                throws IOException, java.security.GeneralSecurityException {
            Path dir = Files.createTempDirectory("softhsm-import");
            try {
                Path key = Files.write(dir.resolve("key.der"), pair.getPrivate().getEncoded());
                Path cert = Files.write(
                        dir.resolve("cert.der"), certificate(certified).getEncoded());
                String id = Integer.toHexString(Math.abs(keyLabel.hashCode()) | 0x10000000);
                tool("--write-object", key.toString(), "--type", "privkey", "--id", id, "--label", keyLabel);
                tool("--write-object", cert.toString(), "--type", "cert", "--id", id, "--label", keyLabel);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
        }

        /** Deletes key {@code keyLabel} (private key and certificate) from the token. */
        public void deleteKey(String keyLabel) throws IOException {
            tool("--delete-object", "--type", "privkey", "--label", keyLabel);
            tool("--delete-object", "--type", "cert", "--label", keyLabel);
        }

        /**
         * Removes the token for good, as a pulled HSM: its directory disappears under the loaded
         * library, whose every later operation on it fails. Nothing in this JVM can use it again.
         */
        public void remove() throws IOException {
            String serialTail = null;
            for (Path d : listDirs()) {
                Path token = d.resolve("token.object");
                if (Files.exists(token) && contains(token, label)) {
                    serialTail = d.getFileName().toString();
                    Path gone = tokenDir.resolveSibling(tokenDir.getFileName() + "-removed-" + serialTail);
                    Files.move(d, gone);
                }
            }
            if (serialTail == null) {
                throw new IOException("token " + label + " not found under " + tokenDir);
            }
        }

        private List<Path> listDirs() throws IOException {
            try (var s = Files.list(tokenDir)) {
                return s.filter(Files::isDirectory).toList();
            }
        }

        private static boolean contains(Path file, String text) throws IOException {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
        }

        /** Writes the PIN to {@code file} (with a trailing newline, as editors do). */
        public Path pinFile(Path file) throws IOException {
            return Files.writeString(file, pin + "\n");
        }

        private void tool(String... args) throws IOException {
            List<String> c = new ArrayList<>(List.of(
                    "pkcs11-tool",
                    "--module",
                    LIBRARY.toString(),
                    "--slot",
                    Long.toString(slot),
                    "--login",
                    "--pin",
                    pin));
            c.addAll(List.of(args));
            run(c.toArray(String[]::new));
        }

        @Override
        public String toString() {
            return "SoftHSM token " + label + " (slot " + slot + ")";
        }
    }

    /** A self-signed certificate of {@code pair}'s public key, valid for a day. */
    public static X509Certificate certificate(KeyPair pair) {
        try {
            X500Name name = new X500Name("CN=ams-gateway-test");
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(1))),
                    name,
                    pair.getPublic());
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }
}
