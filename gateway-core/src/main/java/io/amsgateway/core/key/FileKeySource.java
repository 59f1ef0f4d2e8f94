package io.amsgateway.core.key;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.protocol.ApiKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Keys in files (PEM or Alipay's single-line base64), re-read whenever they change.
 *
 * <p>Two layouts:
 *
 * <ul>
 *   <li>{@link #directory}: one directory per profile holding {@code merchant-private-key-v<N>} and
 *       {@code alipay-public-key-v<N>} files (optionally ending in {@code .pem}, {@code .key} or
 *       {@code .txt}), the layout of a Kubernetes Secret volume or of Vault Agent templates. Every
 *       version present is available; the highest merchant version is the "latest".
 *   <li>{@link #files}: the key files (or inline keys) a profile names one by one.
 * </ul>
 *
 * <p>Directories holding the files are watched ({@link DirectoryWatcher}); a change makes the
 * cache in front reload at once. Files are read on {@code io}, never on the caller's thread.
 */
public final class FileKeySource implements KeySource {
    private final FileCatalog catalog;
    private final SignatureAlgorithm algorithm;
    private final CryptoProvider provider;
    private final Executor io;
    private final @Nullable DirectoryWatcher watcher;

    private FileKeySource(
            FileCatalog catalog,
            SignatureAlgorithm algorithm,
            CryptoProvider provider,
            Executor io,
            Set<Path> watched) {
        this.catalog = catalog;
        this.algorithm = algorithm;
        this.provider = provider;
        this.io = io;
        try {
            this.watcher = watched.isEmpty() ? null : new DirectoryWatcher(watched);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch the key directories " + watched, e);
        }
    }

    /** Keys in {@code dir}, by the file names above. */
    public static FileKeySource directory(
            Path dir, SignatureAlgorithm algorithm, CryptoProvider provider, Executor io) {
        return new FileKeySource(FileCatalog.directory(dir), algorithm, provider, io, Set.of(dir));
    }

    /**
     * Keys named one by one: merchant keys and Alipay keys by version. The directories of the
     * files among them are watched.
     */
    public static FileKeySource files(
            Map<Integer, KeyText> merchantKeys,
            Map<Integer, KeyText> alipayKeys,
            SignatureAlgorithm algorithm,
            CryptoProvider provider,
            Executor io) {
        return files(merchantKeys, alipayKeys, null, algorithm, provider, io);
    }

    /**
     * Keys named one by one, with the API key file of an {@code auth = api-key} profile (watched
     * like the others).
     */
    public static FileKeySource files(
            Map<Integer, KeyText> merchantKeys,
            Map<Integer, KeyText> alipayKeys,
            @Nullable KeyText apiKey,
            SignatureAlgorithm algorithm,
            CryptoProvider provider,
            Executor io) {
        Set<Path> dirs = new LinkedHashSet<>();
        Map<Integer, KeyText> api = apiKey == null ? Map.of() : Map.of(1, apiKey);
        for (Map<Integer, KeyText> m : List.of(merchantKeys, alipayKeys, api)) {
            for (KeyText t : m.values()) {
                if (t.file() != null) {
                    dirs.add(t.file().toAbsolutePath().getParent());
                }
            }
        }
        return new FileKeySource(FileCatalog.fixed(merchantKeys, alipayKeys, api), algorithm, provider, io, dirs);
    }

    /**
     * The API key: the named file, or in a directory the {@code api-key-v<N>} file with the highest
     * N (so a rotation writes the next version beside the old one, or replaces the file).
     */
    @Override
    public CompletionStage<ApiKey> apiKey(String clientId) {
        return async(() -> {
            NavigableMap<Integer, KeyText> keys = catalog.apiKeys();
            if (keys.isEmpty()) {
                throw new KeyNotFoundException("file key source: no API key (api-key-v<N>) in " + catalog);
            }
            KeyText text = keys.lastEntry().getValue();
            return KeyMaterial.apiKey(clientId, read(text), text.toString());
        });
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public CompletionStage<MerchantKey> merchantKey(KeyRef ref) {
        return async(() -> {
            KeyText text = catalog.merchantKeys().get(ref.keyVersion());
            if (text == null) {
                throw new KeyNotFoundException(
                        "file key source: no merchant private key version " + ref.keyVersion() + " in " + catalog);
            }
            return KeyMaterial.merchantKey(ref, read(text), algorithm, provider, text.toString());
        });
    }

    @Override
    public CompletionStage<VerifierSet> alipayKeys(String clientId) {
        return async(() -> {
            List<JcaVerifier> verifiers = new ArrayList<>();
            for (Map.Entry<Integer, KeyText> e : catalog.alipayKeys().entrySet()) {
                verifiers.add(KeyMaterial.alipayKey(
                        e.getKey(),
                        read(e.getValue()),
                        algorithm,
                        provider,
                        e.getValue().toString()));
            }
            if (verifiers.isEmpty()) {
                throw new KeyNotFoundException("file key source: no Alipay public key in " + catalog);
            }
            return VerifierSet.of(verifiers);
        });
    }

    @Override
    public CompletionStage<Integer> latestVersion(String clientId) {
        return async(() -> {
            NavigableMap<Integer, KeyText> keys = catalog.merchantKeys();
            if (keys.isEmpty()) {
                throw new KeyNotFoundException("file key source: no merchant private key in " + catalog);
            }
            return keys.lastKey();
        });
    }

    @Override
    public void onChange(Runnable listener) {
        if (watcher != null) {
            watcher.addListener(listener);
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private <T> CompletableFuture<T> async(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, io);
    }

    private static String read(KeyText text) {
        try {
            return text.read();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException
                    && text.file() != null
                    && !Files.isSymbolicLink(text.file())) {
                // removed between listing and reading: it is gone, not broken
                throw new KeyNotFoundException("file key source: " + e.getMessage());
            }
            throw new KeyUnusableException("file key source: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "FileKeySource[" + catalog + "]";
    }
}
