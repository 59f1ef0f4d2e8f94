package io.amsgateway.core.key;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Which key files a {@link FileKeySource} has, by version: listed anew for every load. */
abstract class FileCatalog {
    static final Pattern MERCHANT = Pattern.compile("merchant-private-key-v(\\d{1,9})(?:\\.pem|\\.key|\\.txt)?");
    static final Pattern API_KEY = Pattern.compile("api-key-v(\\d{1,9})(?:\\.txt)?");
    static final Pattern ALIPAY = Pattern.compile("alipay-public-key-v(\\d{1,9})(?:\\.pem|\\.txt)?");

    abstract NavigableMap<Integer, KeyText> merchantKeys();

    abstract NavigableMap<Integer, KeyText> alipayKeys();

    /** API keys by version (the highest is used); empty when the profile names none. */
    abstract NavigableMap<Integer, KeyText> apiKeys();

    static FileCatalog fixed(Map<Integer, KeyText> merchant, Map<Integer, KeyText> alipay) {
        return fixed(merchant, alipay, Map.of());
    }

    static FileCatalog fixed(Map<Integer, KeyText> merchant, Map<Integer, KeyText> alipay, Map<Integer, KeyText> api) {
        NavigableMap<Integer, KeyText> m = Collections.unmodifiableNavigableMap(new TreeMap<>(merchant));
        NavigableMap<Integer, KeyText> a = Collections.unmodifiableNavigableMap(new TreeMap<>(alipay));
        NavigableMap<Integer, KeyText> k = Collections.unmodifiableNavigableMap(new TreeMap<>(api));
        return new FileCatalog() {
            @Override
            NavigableMap<Integer, KeyText> apiKeys() {
                return k;
            }

            @Override
            NavigableMap<Integer, KeyText> merchantKeys() {
                return m;
            }

            @Override
            NavigableMap<Integer, KeyText> alipayKeys() {
                return a;
            }

            @Override
            public String toString() {
                return "the configured key files";
            }
        };
    }

    static FileCatalog directory(Path dir) {
        return new FileCatalog() {
            @Override
            NavigableMap<Integer, KeyText> merchantKeys() {
                return scan(dir, MERCHANT);
            }

            @Override
            NavigableMap<Integer, KeyText> alipayKeys() {
                return scan(dir, ALIPAY);
            }

            @Override
            NavigableMap<Integer, KeyText> apiKeys() {
                return scan(dir, API_KEY);
            }

            @Override
            public String toString() {
                return "directory " + dir;
            }
        };
    }

    /** The files of {@code dir} whose names match {@code names}, by the version in their name. */
    private static NavigableMap<Integer, KeyText> scan(Path dir, Pattern names) {
        NavigableMap<Integer, KeyText> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = names.matcher(f.getFileName().toString());
                // A regular file (following Kubernetes' ..data symlinks), or a symbolic link that
                // dangles: listed, so that loading it says the link dangles instead of "no version".
                if (m.matches() && (Files.isRegularFile(f) || (Files.isSymbolicLink(f) && !Files.exists(f)))) {
                    int version = Integer.parseInt(m.group(1));
                    if (out.put(version, new KeyText(f, null)) != null) {
                        throw new GatewayException(
                                ErrorCode.KEY_UNAVAILABLE,
                                "file key source: two files in " + dir + " hold version " + version);
                    }
                }
            }
        } catch (IOException e) {
            throw new GatewayException(
                    ErrorCode.KEY_UNAVAILABLE,
                    "file key source: cannot list " + dir + " (" + e.getClass().getSimpleName() + ")");
        }
        return out;
    }
}
