package io.amsgateway.server.caller;

import java.nio.file.Path;

/** A listener TLS file that cannot be used; the message names the file and why, never its content. */
final class TlsFileException extends Exception {
    private static final long serialVersionUID = 1L;

    TlsFileException(Path file, String reason) {
        super(file + ": " + reason, null, false, false);
    }
}
