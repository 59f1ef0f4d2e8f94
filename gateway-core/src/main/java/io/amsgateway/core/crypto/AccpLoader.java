package io.amsgateway.core.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Contents contents = ahead.take(resource);
        if (contents == null) {
            try (InputStream in = resources.getResourceAsStream(resource)) {
                if (in == null) {
                    return new Result(
                            null, origin, "this build carries no Amazon Corretto Crypto Provider for " + platform);
                }
                contents = Contents.read(in, ahead.directory);
            } catch (IOException e) {
                return new Result(null, origin, "cannot read " + resource + ": " + e);
            }
        }
        JarClassLoader accpLoader = new JarClassLoader("accp-" + platform, contents);
        try {
            return fromClass(Class.forName(ACCP_CLASS, true, accpLoader), origin);
        } catch (ClassNotFoundException | LinkageError e) {
            return new Result(null, origin, e.toString());
        } finally {
            // ACCP copied its native library out while initialising; our copy need not stay.
            contents.dropNativeLibraries();
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

    /**
     * An embedded jar as read: its classes and small resources in memory, its native libraries
     * (about 10 MiB for linux-x86_64, read once by ACCP's loader) in temporary files of their own.
     * Held on the heap, the library's bytes (and the chunks {@code readAllBytes} gathered them in)
     * outlived the start-up's first young collections and were promoted: about 17 MiB of the old
     * generation resident for nothing until a full collection, which a steady gateway may never run.
     */
    static final class Contents {
        private final Map<String, byte[]> entries = new ConcurrentHashMap<>();
        private final Map<String, Path> nativeLibraries = new ConcurrentHashMap<>();

        private Contents() {}

        /** Reads the jar {@code in}; native libraries go to {@code directory} (null: the default temporary one). */
        static Contents read(InputStream in, @Nullable Path directory) throws IOException {
            Contents c = new Contents();
            try (JarInputStream jar = new JarInputStream(in, false)) {
                for (JarEntry e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
                    if (e.isDirectory()) {
                        continue;
                    }
                    Path file = isNativeLibrary(e.getName()) ? c.temporaryFile(directory, e.getName()) : null;
                    if (file != null) {
                        // written in place: Files.copy would replace the owner-only file with a new one
                        try (java.io.OutputStream out = Files.newOutputStream(file)) {
                            jar.transferTo(out);
                        }
                    } else {
                        c.entries.put(e.getName(), jar.readAllBytes());
                    }
                }
            } catch (IOException | RuntimeException e) {
                c.dropNativeLibraries();
                throw e;
            }
            return c;
        }

        /**
         * A new owner-only temporary file for {@code name}, or null where none can be made (no
         * writable temporary directory: the bytes then stay in memory, and ACCP, which writes its
         * own copy there, will say what failed). The file is also deleted when the JVM exits: the
         * read ahead starts before the configuration is read, and a start that ends early (a
         * mistake in the configuration, SIGTERM) never takes or drops it.
         */
        private @Nullable Path temporaryFile(@Nullable Path directory, String name) {
            String prefix = "ams-gateway-accp-";
            String suffix = "-" + name.substring(name.lastIndexOf('/') + 1);
            Path file = null;
            try {
                file = directory == null
                        ? Files.createTempFile(prefix, suffix)
                        : Files.createTempFile(directory, prefix, suffix);
                file.toFile().deleteOnExit(); // IllegalStateException once the JVM is exiting
                nativeLibraries.put(name, file);
                return file;
            } catch (IOException | UnsupportedOperationException | SecurityException | IllegalStateException e) {
                if (file != null) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // nothing more to do: the directory is the JVM's temporary one
                    }
                }
                return null;
            }
        }

        /** {@code name}'s bytes, or null. */
        @Nullable
        InputStream open(String name) {
            byte[] bytes = entries.get(name);
            if (bytes != null) {
                return new ByteArrayInputStream(bytes);
            }
            Path file = nativeLibraries.get(name);
            try {
                return file != null ? Files.newInputStream(file) : null;
            } catch (IOException e) {
                return null; // deleted meanwhile: ACCP reports the library missing
            }
        }

        @Nullable
        byte[] bytes(String name) {
            return entries.get(name);
        }

        /** Deletes the native libraries' files and lets go of any held in memory. */
        void dropNativeLibraries() {
            entries.keySet().removeIf(AccpLoader::isNativeLibrary);
            for (String name : nativeLibraries.keySet()) {
                Path file = nativeLibraries.remove(name);
                if (file != null) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        // registered for deletion at exit when it was made
                    }
                }
            }
        }

        /** The native libraries' temporary files still held (for tests). */
        java.util.Collection<Path> nativeLibraryFiles() {
            return nativeLibraries.values();
        }
    }

    static boolean isNativeLibrary(String name) {
        return name.endsWith(".so") || name.endsWith(".dylib") || name.endsWith(".dll");
    }

    /**
     * An embedded copy read ahead of {@link #embedded}: reading and inflating it is most of ACCP's
     * loading time and changes nothing outside this JVM but a temporary file of its own (its native
     * library, see {@link Contents}), so the start-up begins it before the configuration says
     * whether ACCP is wanted. Defining its classes (which copies and loads the native library) still
     * waits for that. Once the copy is taken or dropped, a read that starts or ends later keeps
     * nothing (it would hold megabytes nobody takes) and deletes its file.
     */
    static final class ReadAhead {
        private final ConcurrentMap<String, CompletableFuture<@Nullable Contents>> read = new ConcurrentHashMap<>();
        private final @Nullable Path directory;
        private volatile boolean closed;

        /** Native libraries read ahead wait in the default temporary directory. */
        ReadAhead() {
            this(null);
        }

        /** Native libraries read ahead (or read by {@link #embedded} with this) wait in {@code directory}. */
        ReadAhead(@Nullable Path directory) {
            this.directory = directory;
        }

        /**
         * Reads the copy embedded for {@code platform} on the calling thread. A failure is dropped:
         * {@link #embedded} reads again and reports it.
         */
        void read(ClassLoader resources, String platform) {
            String resource = EMBEDDED.formatted(platform);
            CompletableFuture<@Nullable Contents> contents = new CompletableFuture<>();
            if (closed || read.putIfAbsent(resource, contents) != null) {
                return;
            }
            try (InputStream in = resources.getResourceAsStream(resource)) {
                contents.complete(in == null ? null : Contents.read(in, directory));
            } catch (IOException | RuntimeException e) {
                contents.complete(null);
            } finally {
                // closed after this read was registered but before the closer looked: ours to release
                if (closed && read.remove(resource, contents)) {
                    release(contents.getNow(null));
                }
            }
        }

        /** What was read of {@code resource} (waiting for a read in progress), or null; closes. */
        @Nullable
        Contents take(String resource) {
            closed = true;
            CompletableFuture<@Nullable Contents> contents = read.remove(resource);
            drop();
            return contents != null ? contents.join() : null;
        }

        /** Drops what was read, deleting its files, and closes (the configuration chose another provider). */
        void drop() {
            closed = true;
            for (String resource : read.keySet()) {
                CompletableFuture<@Nullable Contents> contents = read.remove(resource);
                if (contents != null) {
                    contents.thenAccept(ReadAhead::release); // now, or when a read in progress ends
                }
            }
        }

        private static void release(@Nullable Contents contents) {
            if (contents != null) {
                contents.dropNativeLibraries();
            }
        }

        /** Whether a copy is held. */
        boolean holds() {
            return !read.isEmpty();
        }
    }

    /**
     * Defines classes and serves resources from a jar read by {@link Contents}. ACCP reads its
     * native library and test data with {@code Class.getResourceAsStream}, which this class answers.
     */
    static final class JarClassLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Contents contents;

        JarClassLoader(String name, Contents contents) {
            super(name, ClassLoader.getPlatformClassLoader());
            this.contents = contents;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = contents.bytes(name.replace('.', '/') + ".class");
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }

        @Override
        public @Nullable InputStream getResourceAsStream(String name) {
            InputStream in = contents.open(name);
            return in != null ? in : super.getResourceAsStream(name);
        }
    }
}
