package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The runnable jar carries the native libraries of both Linux architectures the image is built for:
 * Netty's epoll transport (merged, one file per architecture) and Amazon Corretto Crypto Provider
 * (whole jars, one per architecture, never merged: both name their library alike). Each library is
 * checked to be an ELF object for its architecture, not just present under the right name.
 */
class NativeLibrariesTest {
    private static final String ACCP_LIBRARY = "com/amazon/corretto/crypto/provider/libamazonCorrettoCryptoProvider.so";
    private static final String ACCP_PROVIDER =
            "com/amazon/corretto/crypto/provider/AmazonCorrettoCryptoProvider.class";

    @ParameterizedTest(name = "linux-{0}")
    @CsvSource({"x86_64, 62", "aarch_64, 183"})
    void epollForEachArchitecture(String arch, int elfMachine) throws IOException {
        try (ZipFile jar = new ZipFile(Repo.gatewayJar().toFile())) {
            String name = "META-INF/native/libnetty_transport_native_epoll_" + arch + ".so";
            ZipEntry e = jar.getEntry(name);
            assertThat(e).as("%s in the jar", name).isNotNull();
            try (InputStream in = jar.getInputStream(e)) {
                assertThat(elfMachine(in.readNBytes(64))).as(name).isEqualTo(elfMachine);
            }
        }
    }

    @ParameterizedTest(name = "linux-{0}")
    @CsvSource({"x86_64, 62", "aarch_64, 183"})
    void accpForEachArchitectureKeptWhole(String arch, int elfMachine) throws IOException {
        Map<String, byte[]> accp = embeddedAccp("linux-" + arch);

        assertThat(accp).as("the provider's classes travel with their library").containsKey(ACCP_PROVIDER);
        assertThat(accp).containsKey(ACCP_LIBRARY);
        assertThat(elfMachine(accp.get(ACCP_LIBRARY)))
                .as("ACCP's library for linux-%s", arch)
                .isEqualTo(elfMachine);
    }

    @org.junit.jupiter.api.Test
    void accpIsNotMergedIntoTheJar() throws IOException {
        try (ZipFile jar = new ZipFile(Repo.gatewayJar().toFile())) {
            assertThat(jar.stream().map(ZipEntry::getName).filter(n -> n.startsWith("com/amazon/")))
                    .as("a merged ACCP would put one architecture's library on the class path for all")
                    .isEmpty();
        }
    }

    static Map<String, byte[]> embeddedAccp(String platform) throws IOException {
        String name = "META-INF/ams-gateway/accp/AmazonCorrettoCryptoProvider-" + platform + ".jar";
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipFile jar = new ZipFile(Repo.gatewayJar().toFile())) {
            ZipEntry e = jar.getEntry(name);
            assertThat(e).as("%s in the jar", name).isNotNull();
            try (JarInputStream in = new JarInputStream(jar.getInputStream(e))) {
                for (JarEntry je = in.getNextJarEntry(); je != null; je = in.getNextJarEntry()) {
                    entries.put(je.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    /** {@code e_machine} of a 64-bit little-endian ELF header (62 x86-64, 183 AArch64). */
    static int elfMachine(byte[] header) {
        assertThat(header).as("ELF magic").startsWith(0x7f, 'E', 'L', 'F');
        assertThat(header[4]).as("64-bit").isEqualTo((byte) 2);
        assertThat(header[5]).as("little-endian").isEqualTo((byte) 1);
        return (header[18] & 0xff) | (header[19] & 0xff) << 8;
    }
}
