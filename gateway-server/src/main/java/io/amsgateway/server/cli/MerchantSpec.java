package io.amsgateway.server.cli;

import io.amsgateway.simulator.MerchantPublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code CLIENT_ID=KEYVERSION:FILE} or {@code CLIENT_ID=KEYVERSION:base64:<SPKI base64>}
 * into a {@link MerchantPublicKey}, and merchant files holding one such spec per line ({@code #}
 * starts a comment). The key file may be in any form gateway-core parses (PEM or single-line
 * base64); a relative path in a merchants file is resolved against that file's directory.
 */
final class MerchantSpec {
    private static final String INLINE = "base64:";

    private MerchantSpec() {}

    static MerchantPublicKey parse(String spec, Path relativeTo) throws IOException {
        int eq = spec.indexOf('=');
        int colon = eq < 0 ? -1 : spec.indexOf(':', eq);
        if (eq < 1 || colon < 0) {
            throw new IllegalArgumentException(
                    "--merchant must look like CLIENT_ID=KEYVERSION:FILE or CLIENT_ID=KEYVERSION:base64:KEY");
        }
        String clientId = spec.substring(0, eq).trim();
        int keyVersion;
        try {
            keyVersion = Integer.parseInt(spec.substring(eq + 1, colon).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("merchant " + clientId + ": KEYVERSION must be a number");
        }
        String value = spec.substring(colon + 1).trim();
        String key = value.startsWith(INLINE)
                ? value.substring(INLINE.length())
                : Files.readString(relativeTo.resolve(value), StandardCharsets.US_ASCII);
        return MerchantPublicKey.parse(clientId, keyVersion, key);
    }

    static List<MerchantPublicKey> parseFile(Path file) throws IOException {
        List<MerchantPublicKey> out = new ArrayList<>();
        Path dir = file.toAbsolutePath().getParent();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(parse(l, dir));
            }
        }
        return out;
    }
}
