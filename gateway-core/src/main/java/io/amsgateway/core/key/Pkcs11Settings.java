package io.amsgateway.core.key;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * How to reach a PKCS#11 token and its keys: the module (library), the slot, the PIN's origin,
 * the label of each key version, and how much signing the token may take at once. {@link
 * #toString()} never shows the PIN.
 *
 * @param library the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param slot the slot id; empty to use {@code slotListIndex}
 * @param slotListIndex the index in the module's slot list when no slot id is given
 * @param pin where the PIN comes from (a file or an environment variable; never inline)
 * @param keyLabel the label of the key and certificate objects of a key version, with {@code
 *     {client-id}} and {@code {version}} replaced, e.g. {@code ams-{client-id}-v{version}}
 * @param threads signing threads, at most this many operations on the token at once (size it to
 *     the token's session capacity)
 * @param queue signing requests that may wait for a thread; beyond it calls fail at once
 * @param timeout the longest a caller waits for the token (a bounded wait: a token that does not
 *     answer fails the call with {@code KEY_UNAVAILABLE})
 */
public record Pkcs11Settings(
        Path library,
        OptionalLong slot,
        int slotListIndex,
        PinSource pin,
        String keyLabel,
        int threads,
        int queue,
        Duration timeout) {
    /** The placeholder of the key version in {@link #keyLabel()}. */
    public static final String VERSION = "{version}";

    public Pkcs11Settings {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(keyLabel, "keyLabel");
        Objects.requireNonNull(timeout, "timeout");
        if (keyLabel.indexOf(VERSION) < 0 || keyLabel.indexOf(VERSION) != keyLabel.lastIndexOf(VERSION)) {
            throw new IllegalArgumentException("the key label needs " + VERSION + " once: one label per key version");
        }
        if (threads < 1 || queue < 0 || slotListIndex < 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("threads >= 1, queue >= 0, slot-list-index >= 0, timeout > 0");
        }
    }

    /**
     * Where the PIN is read from: a file (its first line) or an environment variable. Read when the
     * token is opened; the text is never logged or put into a message.
     *
     * @param file a file holding the PIN, or null
     * @param env the name of an environment variable holding the PIN, or null
     */
    public record PinSource(@Nullable Path file, @Nullable String env) {
        public PinSource {
            if ((file == null) == (env == null)) {
                throw new IllegalArgumentException(
                        "the PIN comes from exactly one of a file and an environment variable");
            }
        }

        /** The PIN, read now, from {@code environment} for an environment variable. */
        public char[] read(Map<String, String> environment) {
            if (file != null) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new GatewayException(
                            ErrorCode.KEY_UNAVAILABLE,
                            "cannot read the PKCS#11 PIN file " + file + " ("
                                    + e.getClass().getSimpleName() + ")");
                }
                try {
                    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
                    int end = 0;
                    while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
                        end++;
                    }
                    char[] pin = new char[end];
                    chars.get(pin, 0, end);
                    Arrays.fill(chars.array(), '\0');
                    if (pin.length == 0) {
                        throw new GatewayException(
                                ErrorCode.KEY_UNAVAILABLE, "the PKCS#11 PIN file " + file + " is empty");
                    }
                    return pin;
                } finally {
                    Arrays.fill(bytes, (byte) 0);
                }
            }
            String value = environment.get(env);
            if (value == null || value.isEmpty()) {
                throw new GatewayException(
                        ErrorCode.KEY_UNAVAILABLE, "the PKCS#11 PIN variable " + env + " is not set or empty");
            }
            return value.toCharArray();
        }

        @Override
        public String toString() {
            return file != null ? "pin-file " + file : "pin-env " + env;
        }
    }

    /** The label of {@code ref}'s key and certificate on the token. */
    public String label(KeyRef ref) {
        return keyLabel.replace(ClientIdTemplate.PLACEHOLDER, ref.clientId())
                .replace(VERSION, Integer.toString(ref.keyVersion()));
    }

    @Override
    public String toString() {
        return "pkcs11 (library " + library + ", "
                + (slot.isPresent() ? "slot " + slot.getAsLong() : "slot-list-index " + slotListIndex) + ", " + pin
                + ", key-label " + keyLabel + ", threads " + threads + ", queue " + queue
                + ", timeout " + timeout + ")";
    }
}
