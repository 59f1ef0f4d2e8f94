package io.amsgateway.core.key;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where a key's text comes from: a file (PEM or single-line base64) or an inline value. {@link
 * #toString()} says which without ever showing the key.
 *
 * @param file the file, or null for inline
 * @param inline the inline text, or null for a file
 */
public record KeyText(@Nullable Path file, @Nullable String inline) {
    public KeyText {
        if ((file == null) == (inline == null)) {
            throw new IllegalArgumentException("exactly one of file and inline");
        }
    }

    /** Reads the key text (from the file each time: rotation reloads read it anew). */
    public String read() {
        if (inline != null) {
            return inline;
        }
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read key file " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public String toString() {
        return file != null ? "file " + file : "inline (" + inline.length() + " characters, masked)";
    }
}
