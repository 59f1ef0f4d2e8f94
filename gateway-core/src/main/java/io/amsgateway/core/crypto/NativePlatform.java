package io.amsgateway.core.crypto;

import java.util.Locale;

/**
 * The platform this JVM runs on, named the way Maven classifiers of native libraries name it
 * ({@code linux-x86_64}, {@code linux-aarch_64}): the runnable jar carries Amazon Corretto Crypto
 * Provider and Netty's epoll transport for each of those two, and picks one by this name.
 */
public final class NativePlatform {
    /** The platforms whose native libraries the runnable jar carries. */
    public static final java.util.Set<String> SHIPPED = java.util.Set.of("linux-x86_64", "linux-aarch_64");

    private NativePlatform() {}

    /** This JVM's platform, from {@code os.name} and {@code os.arch}. */
    public static String current() {
        return classifier(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /**
     * The classifier for an {@code os.name} and {@code os.arch}: {@code amd64} and {@code x86_64}
     * are {@code x86_64}, {@code aarch64} and {@code arm64} are {@code aarch_64} (as Netty and the
     * os-maven-plugin normalise them); anything else is kept, lower-cased.
     */
    static String classifier(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String normalizedOs = os.startsWith("linux")
                ? "linux"
                : os.startsWith("mac") || os.startsWith("darwin") ? "osx" : os.startsWith("windows") ? "windows" : os;
        String arch = osArch.toLowerCase(Locale.ROOT);
        String normalizedArch =
                switch (arch) {
                    case "amd64", "x86_64", "x86-64", "x64" -> "x86_64";
                    case "aarch64", "arm64" -> "aarch_64";
                    default -> arch;
                };
        return normalizedOs + "-" + normalizedArch;
    }
}
