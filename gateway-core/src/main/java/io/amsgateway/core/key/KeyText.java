package io.amsgateway.core.key;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    /**
     * Reads the key text (from the file each time: rotation reloads read it anew).
     *
     * @throws UncheckedIOException if the file cannot be read; the message says why in words an
     *     operator acts on: the file is missing, is unreadable, or is a symbolic link that dangles
     */
    public String read() {
        if (inline != null) {
            return inline;
        }
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(unreadable(file, e), e);
        }
    }

    /** Why {@code file} could not be read, for a log line or an error: never its content. */
    static String unreadable(Path file, IOException e) {
        if (Files.isSymbolicLink(file) && !Files.exists(file)) {
            String target;
            try {
                target = String.valueOf(Files.readSymbolicLink(file));
            } catch (IOException | UnsupportedOperationException x) {
                target = "?";
            }
            return "key file " + file + " is a symbolic link to " + target
                    + ", which does not exist (the link dangles; a Secret update without this key?)";
        }
        if (e instanceof NoSuchFileException) {
            return "key file " + file + " does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "key file " + file + " is unreadable (permission denied for this user)";
        }
        return "key file " + file + " is unreadable (" + e.getClass().getSimpleName() + ")";
    }

    @Override
    public String toString() {
        return file != null ? "file " + file : "inline (" + inline.length() + " characters, masked)";
    }
}
