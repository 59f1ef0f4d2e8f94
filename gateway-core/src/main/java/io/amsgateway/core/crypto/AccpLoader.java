package io.amsgateway.core.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.Provider;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Finds Amazon Corretto Crypto Provider (ACCP) for this platform.
 *
 * <p>ACCP ships one jar per platform, and each keeps its native library under the same resource
 * name, so one class path cannot hold two of them. The runnable jar therefore carries them
 * unmerged, as {@value #EMBEDDED} with the platform's classifier ({@link NativePlatform}), and
 * this class loads the one for this platform in a class loader of its own (its parent is the
 * platform class loader: ACCP needs nothing but the JDK). Elsewhere (from source, in tests, or
 * with a user-supplied ACCP jar) ACCP on the class path is used as it is.
 *
 * <p>ACCP's own loader then writes its native library to {@code java.io.tmpdir} and loads it; when
 * that fails (another architecture, no writable temporary directory, an old glibc) ACCP reports
 * a loading error and the caller falls back to the JDK.
 */
final class AccpLoader {
    static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
    /** The resource holding ACCP's jar for a platform in the runnable jar; %s is the classifier. */
    static final String EMBEDDED = "META-INF/ams-gateway/accp/AmazonCorrettoCryptoProvider-%s.jar";

    /**
     * What loading found.
     *
     * @param provider ACCP, healthy, or null
     * @param origin where it came from: {@code class path} or the embedded jar's platform
     * @param failure why there is no provider (null when there is one)
     */
    record Result(@Nullable Provider provider, String origin, @Nullable String failure) {}

    private AccpLoader() {}

    /** ACCP from {@code loader}'s class path, else the copy embedded for {@code platform}. */
    static Result load(ClassLoader loader, String platform) {
        return load(loader, platform, new ReadAhead());
    }

    /** As {@link #load(ClassLoader, String)}, taking the embedded copy from {@code ahead} if it read it. */
    static Result load(ClassLoader loader, String platform, ReadAhead ahead) {
        Class<?> onClassPath;
        try {
            onClassPath = Class.forName(ACCP_CLASS, true, loader);
        } catch (ClassNotFoundException e) {
            onClassPath = null;
        } catch (LinkageError e) {
            return new Result(null, "class path", e.toString());
        }
        if (onClassPath != null) {
            ahead.drop();
            return fromClass(onClassPath, "class path");
        }
        return embedded(loader, platform, ahead);
    }

    /** Only the copy embedded for {@code platform} among {@code resources} (ignores the class path). */
    static Result embedded(ClassLoader resources, String platform) {
        return embedded(resources, platform, new ReadAhead());
    }

    /** As {@link #embedded(ClassLoader, String)}, taking the copy from {@code ahead} if it read it. */
    static Result embedded(ClassLoader resources, String platform, ReadAhead ahead) {
        String origin = "embedded " + platform;
        String resource = EMBEDDED.formatted(platform);
        Map<String, byte[]> entries = ahead.take(resource);
        if (entries == null) {
            try (InputStream in = resources.getResourceAsStream(resource)) {
                if (in == null) {
                    return new Result(
                            null, origin, "this build carries no Amazon Corretto Crypto Provider for " + platform);
                }
                entries = readJar(in);
            } catch (IOException e) {
                return new Result(null, origin, "cannot read " + resource + ": " + e);
            }
        }
        JarClassLoader accpLoader = new JarClassLoader("accp-" + platform, entries);
        try {
            return fromClass(Class.forName(ACCP_CLASS, true, accpLoader), origin);
        } catch (ClassNotFoundException | LinkageError e) {
            return new Result(null, origin, e.toString());
        } finally {
            // ACCP copied its native library out while initialising; the bytes need not stay in memory.
            accpLoader.dropNativeLibraries();
        }
    }

    private static Result fromClass(Class<?> accp, String origin) {
        try {
            Provider p = (Provider) accp.getField("INSTANCE").get(null);
            Object loadingError = accp.getMethod("getLoadingError").invoke(p);
            if (loadingError != null) {
                return new Result(null, origin, loadingError.toString());
            }
            accp.getMethod("assertHealthy").invoke(p);
            return new Result(p, origin, null);
        } catch (java.lang.reflect.InvocationTargetException e) {
            return new Result(null, origin, String.valueOf(e.getCause()));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new Result(null, origin, e.toString());
        }
    }

    private static Map<String, byte[]> readJar(InputStream in) throws IOException {
        Map<String, byte[]> entries = new ConcurrentHashMap<>();
        try (JarInputStream jar = new JarInputStream(in, false)) {
            for (JarEntry e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
                if (!e.isDirectory()) {
                    entries.put(e.getName(), jar.readAllBytes());
                }
            }
        }
        return entries;
    }

    /**
     * An embedded copy read into memory ahead of {@link #embedded}: reading and inflating it is
     * most of ACCP's loading time and has no effect outside this JVM's heap, so the start-up begins
     * it before the configuration says whether ACCP is wanted. Defining its classes (which writes
     * and loads the native library) still waits for that. Once the copy is taken or dropped, a read
     * that starts or ends later keeps nothing (it would hold megabytes nobody takes).
     */
    static final class ReadAhead {
        private final ConcurrentMap<String, CompletableFuture<@Nullable Map<String, byte[]>>> read =
                new ConcurrentHashMap<>();
        private volatile boolean closed;

        /**
         * Reads the copy embedded for {@code platform} on the calling thread. A failure is dropped:
         * {@link #embedded} reads again and reports it.
         */
        void read(ClassLoader resources, String platform) {
            String resource = EMBEDDED.formatted(platform);
            CompletableFuture<@Nullable Map<String, byte[]>> entries = new CompletableFuture<>();
            if (closed || read.putIfAbsent(resource, entries) != null) {
                return;
            }
            try (InputStream in = resources.getResourceAsStream(resource)) {
                entries.complete(in == null ? null : readJar(in));
            } catch (IOException | RuntimeException e) {
                entries.complete(null);
            } finally {
                if (closed) {
                    read.remove(resource, entries);
                }
            }
        }

        /** What was read of {@code resource} (waiting for a read in progress), or null; closes. */
        @Nullable
        Map<String, byte[]> take(String resource) {
            closed = true;
            CompletableFuture<@Nullable Map<String, byte[]>> entries = read.remove(resource);
            read.clear();
            return entries != null ? entries.join() : null;
        }

        /** Drops what was read and closes (the configuration chose another provider). */
        void drop() {
            closed = true;
            read.clear();
        }

        /** Whether a copy is held. */
        boolean holds() {
            return !read.isEmpty();
        }
    }

    /**
     * Defines classes and serves resources from a jar read into memory. ACCP reads its native
     * library and test data with {@code Class.getResourceAsStream}, which this class answers.
     */
    static final class JarClassLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> entries;

        JarClassLoader(String name, Map<String, byte[]> entries) {
            super(name, ClassLoader.getPlatformClassLoader());
            this.entries = entries;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = entries.get(name.replace('.', '/') + ".class");
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }

        @Override
        public @Nullable InputStream getResourceAsStream(String name) {
            byte[] bytes = entries.get(name);
            return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
        }

        void dropNativeLibraries() {
            entries.keySet().removeIf(n -> n.endsWith(".so") || n.endsWith(".dylib") || n.endsWith(".dll"));
        }
    }
}
