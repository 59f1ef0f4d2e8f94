package io.amsgateway.server;

import com.typesafe.config.ConfigException;
import io.amsgateway.core.crypto.EncryptionException;
import io.amsgateway.core.crypto.KeyFormatException;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.protocol.MalformedMessageException;
import io.amsgateway.server.config.ConfigErrors;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/** One line describing a failure for a person at a terminal, without secrets or stack traces. */
final class CliErrors {
    private CliErrors() {}

    static String describe(Throwable e) {
        if (e instanceof ConfigException c) {
            return ConfigErrors.describe(c, null);
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (e instanceof IOException io) {
            return "cannot read or write a file: " + io.getClass().getSimpleName()
                    + (io.getMessage() == null ? "" : " (" + io.getMessage() + ")");
        }
        if (e instanceof KeyFormatException
                || e instanceof MalformedMessageException
                || e instanceof EncryptionException
                || e instanceof GatewayException
                || e instanceof IllegalArgumentException
                || e instanceof com.typesafe.config.ConfigException
                || e instanceof IllegalStateException) {
            // These messages are written to be shown and never carry key material.
            return e.getMessage();
        }
        return "unexpected " + e.getClass().getSimpleName();
    }
}
