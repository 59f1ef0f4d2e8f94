package io.amsgateway.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.amsgateway.core.testing.ChildJvm;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACCP embedded per platform, as the runnable jar carries it: the real ACCP jar from the test
 * class path is laid out under the runnable jar's resource name and loaded from there.
 */
class AccpLoaderTest {
    private static final String LIBRARY = "com/amazon/corretto/crypto/provider/libamazonCorrettoCryptoProvider.so";
    private static final String VERSION = "com/amazon/corretto/crypto/provider/version.properties";

    @Test
    void platformNamesFollowMavenClassifiers() {
        assertThat(NativePlatform.classifier("Linux", "amd64")).isEqualTo("linux-x86_64");
        assertThat(NativePlatform.classifier("Linux", "x86_64")).isEqualTo("linux-x86_64");
        assertThat(NativePlatform.classifier("Linux", "aarch64")).isEqualTo("linux-aarch_64");
        assertThat(NativePlatform.classifier("Mac OS X", "aarch64")).isEqualTo("osx-aarch_64");
        assertThat(NativePlatform.classifier("Linux", "ppc64le")).isEqualTo("linux-ppc64le");
        assertThat(NativePlatform.SHIPPED).containsExactlyInAnyOrder("linux-x86_64", "linux-aarch_64");
    }

    @Test
    void noEmbeddedCopyForThePlatformIsReportedByName(@TempDir Path dir) throws Exception {
        try (URLClassLoader resources = resources(dir)) {
            AccpLoader.Result r = AccpLoader.embedded(resources, "linux-riscv64");

            assertThat(r.provider()).isNull();
            assertThat(r.failure())
                    .isEqualTo("this build carries no Amazon Corretto Crypto Provider for linux-riscv64");
        }
    }

    @Test
    void theEmbeddedCopyLoadsInItsOwnClassLoaderAndSigns(@TempDir Path dir, @TempDir Path tmp) throws Exception {
        assumeTrue(NativePlatform.current().equals("linux-x86_64"), "the test class path has ACCP for linux-x86_64");
        embed(accpJarOnTheClassPath(), dir, "linux-x86_64", false);

        try (URLClassLoader resources = resources(dir)) {
            AccpLoader.Result r = AccpLoader.embedded(resources, "linux-x86_64", new AccpLoader.ReadAhead(tmp));

            assertThat(r.failure()).isNull();
            assertThat(r.origin()).isEqualTo("embedded linux-x86_64");
            Provider accp = r.provider();
            assertThat(accp).isNotNull();
            assertThat(accp.getClass().getClassLoader())
                    .as("not the class path's copy")
                    .isInstanceOf(AccpLoader.JarClassLoader.class);
            assertSignsAndVerifies(accp);
            assertThat(filesIn(tmp))
                    .as("the library's file, deleted once ACCP loaded it")
                    .isEmpty();
        }
    }

    @Test
    void theNativeLibraryWaitsInAnOwnerOnlyFileNotOnTheHeap(@TempDir Path dir, @TempDir Path tmp) throws Exception {
        Path jar = accpJarOnTheClassPath();
        embed(jar, dir, "linux-x86_64", false);
        byte[] library;
        byte[] version;
        try (java.util.jar.JarFile original = new java.util.jar.JarFile(jar.toFile())) {
            library = original.getInputStream(original.getJarEntry(LIBRARY)).readAllBytes();
            version = original.getInputStream(original.getJarEntry(VERSION)).readAllBytes();
        }

        AccpLoader.Contents contents;
        try (InputStream in = Files.newInputStream(dir.resolve(AccpLoader.EMBEDDED.formatted("linux-x86_64")))) {
            contents = AccpLoader.Contents.read(in, tmp);
        }

        assertThat(contents.bytes(LIBRARY)).as("not held on the heap").isNull();
        assertThat(contents.bytes(VERSION)).as("small resources are").isEqualTo(version);
        assertThat(contents.nativeLibraryFiles()).hasSize(1);
        Path file = contents.nativeLibraryFiles().iterator().next();
        assertThat(file.getParent()).isEqualTo(tmp);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (InputStream in = contents.open(LIBRARY)) {
            assertThat(in).isNotNull();
            assertThat(in.readAllBytes())
                    .as("the library as the jar carries it")
                    .isEqualTo(library);
        }

        contents.dropNativeLibraries();

        assertThat(filesIn(tmp)).isEmpty();
        assertThat(contents.open(LIBRARY)).isNull();
        assertThat(contents.bytes(VERSION))
                .as("classes and resources stay for the class loader")
                .isNotNull();
    }

    @Test
    void aNativeLibraryThatDoesNotLoadLeavesNoProviderAndSaysWhy(@TempDir Path dir) throws Exception {
        embed(accpJarOnTheClassPath(), dir, "linux-x86_64", true);

        try (URLClassLoader resources = resources(dir)) {
            AccpLoader.Result r = AccpLoader.embedded(resources, "linux-x86_64");

            assertThat(r.provider()).isNull();
            assertThat(r.failure()).as("ACCP's own loading error").isNotBlank();
        }
    }

    @Test
    void aCopyReadAheadIsTheOneThatLoads(@TempDir Path dir, @TempDir Path empty, @TempDir Path tmp) throws Exception {
        // a broken library: ACCP's own loading error proves its classes came from the copy read
        // ahead, since the loader given to embedded() has no copy at all
        embed(accpJarOnTheClassPath(), dir, "linux-x86_64", true);
        AccpLoader.ReadAhead ahead = new AccpLoader.ReadAhead(tmp);
        try (URLClassLoader resources = resources(dir);
                URLClassLoader none = resources(empty)) {
            ahead.read(resources, "linux-x86_64");
            assertThat(ahead.holds()).isTrue();
            assertThat(filesIn(tmp)).as("the library waits in a file").hasSize(1);

            AccpLoader.Result r = AccpLoader.embedded(none, "linux-x86_64", ahead);

            assertThat(r.provider()).isNull();
            assertThat(r.failure())
                    .as("ACCP's loading error, not a missing copy")
                    .isNotBlank()
                    .doesNotContain("carries no Amazon Corretto Crypto Provider");
            assertThat(ahead.holds()).as("taken, not kept").isFalse();
            assertThat(filesIn(tmp)).as("its file deleted after the load").isEmpty();
            ahead.read(resources, "linux-x86_64");
            assertThat(ahead.holds())
                    .as("a read after the copy was taken keeps nothing")
                    .isFalse();
            assertThat(filesIn(tmp)).isEmpty();
        }
    }

    @Test
    void aDroppedReadAheadKeepsNothingAndLoadingReadsAgain(@TempDir Path dir, @TempDir Path tmp) throws Exception {
        embed(accpJarOnTheClassPath(), dir, "linux-x86_64", true);
        AccpLoader.ReadAhead ahead = new AccpLoader.ReadAhead(tmp);
        try (URLClassLoader resources = resources(dir)) {
            ahead.read(resources, "linux-x86_64");
            assertThat(filesIn(tmp)).hasSize(1);
            ahead.drop();
            assertThat(ahead.holds()).isFalse();
            assertThat(filesIn(tmp)).as("the dropped copy's file deleted").isEmpty();
            ahead.read(resources, "linux-x86_64");
            assertThat(ahead.holds()).as("a read after the drop keeps nothing").isFalse();
            assertThat(filesIn(tmp)).isEmpty();

            AccpLoader.Result r = AccpLoader.embedded(resources, "linux-x86_64", ahead);
            assertThat(r.failure()).as("read from the loader itself").isNotBlank();
            assertThat(filesIn(tmp)).as("that read's file deleted too").isEmpty();
        }
        try (URLClassLoader none = resources(dir.resolve("missing"))) {
            AccpLoader.ReadAhead nothing = new AccpLoader.ReadAhead();
            nothing.read(none, "linux-x86_64");
            assertThat(AccpLoader.embedded(none, "linux-x86_64", nothing).failure())
                    .as("a read-ahead that found nothing changes nothing")
                    .isEqualTo("this build carries no Amazon Corretto Crypto Provider for linux-x86_64");
        }
    }

    @Test
    void aReadStillRunningWhenDroppedDeletesItsFileWhenItEnds(@TempDir Path dir, @TempDir Path tmp) throws Exception {
        embed(accpJarOnTheClassPath(), dir, "linux-x86_64", true);
        Path jar = dir.resolve(AccpLoader.EMBEDDED.formatted("linux-x86_64"));
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch dropped = new java.util.concurrent.CountDownLatch(1);
        ClassLoader slow = new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String name) {
                try {
                    reading.countDown();
                    dropped.await();
                    return Files.newInputStream(jar);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        AccpLoader.ReadAhead ahead = new AccpLoader.ReadAhead(tmp);
        Thread reader = new Thread(() -> ahead.read(slow, "linux-x86_64"), "read-ahead");
        reader.start();
        reading.await();

        ahead.drop();
        dropped.countDown();
        reader.join(30_000);

        assertThat(reader.isAlive()).isFalse();
        assertThat(ahead.holds()).isFalse();
        assertThat(filesIn(tmp)).as("the late read's file deleted").isEmpty();
    }

    /** Reads ahead into a directory, then exits without taking or dropping the copy. */
    public static final class ExitBeforeTaking {
        public static void main(String[] args) throws Exception {
            AccpLoader.ReadAhead ahead = new AccpLoader.ReadAhead(Path.of(args[1]));
            try (URLClassLoader resources = resources(Path.of(args[0]))) {
                ahead.read(resources, "linux-x86_64");
            }
            System.out.println("read=" + ahead.holds() + " files="
                    + filesIn(Path.of(args[1])).size());
            System.exit(0); // as a start with a mistake in its configuration ends
        }
    }

    @Test
    void aStartThatEndsBeforeTakingTheCopyLeavesNoFile(@TempDir Path dir, @TempDir Path tmp) throws Exception {
        embed(accpJarOnTheClassPath(), dir, "linux-x86_64", true);
        ChildJvm.Result r = ChildJvm.run(ExitBeforeTaking.class, List.of(), dir.toString(), tmp.toString());

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).as("the copy was read into a file").contains("read=true files=1");
        assertThat(filesIn(tmp)).as("deleted as the JVM exited").isEmpty();
    }

    @Test
    void theClassPathCopyDropsTheReadAhead(@TempDir Path dir) throws Exception {
        embed(accpJarOnTheClassPath(), dir, "linux-x86_64", true);
        AccpLoader.ReadAhead ahead = new AccpLoader.ReadAhead();
        try (URLClassLoader resources = resources(dir)) {
            ahead.read(resources, "linux-x86_64");
        }
        // the test class path has ACCP: it is used as it is, and the copy read ahead is let go
        AccpLoader.Result r = AccpLoader.load(AccpLoaderTest.class.getClassLoader(), "linux-x86_64", ahead);
        assertThat(r.origin()).isEqualTo("class path");
        assertThat(ahead.holds()).isFalse();
    }

    private static void assertSignsAndVerifies(Provider accp) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        byte[] message = "POST /ams/api/v1/payments/pay".getBytes(StandardCharsets.UTF_8);
        Signature s = Signature.getInstance("SHA256withRSA", accp);
        s.initSign(kp.getPrivate());
        s.update(message);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withRSA", "SunRsaSign");
        v.initVerify(kp.getPublic());
        v.update(message);
        assertThat(v.verify(sig)).as("the JDK verifies ACCP's signature").isTrue();
    }

    private static Path accpJarOnTheClassPath() throws Exception {
        URL location = Class.forName(AccpLoader.ACCP_CLASS)
                .getProtectionDomain()
                .getCodeSource()
                .getLocation();
        return Path.of(location.toURI());
    }

    /** Copies {@code jar} to the runnable jar's resource name under {@code dir}, optionally breaking its library. */
    private static void embed(Path jar, Path dir, String platform, boolean breakLibrary) throws Exception {
        Path target = dir.resolve(AccpLoader.EMBEDDED.formatted(platform));
        Files.createDirectories(target.getParent());
        try (InputStream raw = Files.newInputStream(jar);
                JarInputStream in = new JarInputStream(raw, false);
                OutputStream out = Files.newOutputStream(target);
                JarOutputStream jarOut = new JarOutputStream(out)) {
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                if (e.isDirectory() || e.getName().startsWith("META-INF/PROVIDER.")) {
                    continue;
                }
                jarOut.putNextEntry(new JarEntry(e.getName()));
                if (breakLibrary && e.getName().equals(LIBRARY)) {
                    jarOut.write("not an ELF file".getBytes(StandardCharsets.US_ASCII));
                } else {
                    in.transferTo(jarOut);
                }
                jarOut.closeEntry();
            }
        }
    }

    private static java.util.List<Path> filesIn(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static URLClassLoader resources(Path dir) throws Exception {
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }
}
