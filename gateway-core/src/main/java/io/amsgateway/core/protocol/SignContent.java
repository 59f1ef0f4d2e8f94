package io.amsgateway.core.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes that are signed and verified (docs/protocol.md, "Content to sign"):
 *
 * <pre>{@code <method> SP <request-target> LF <client-id> "." <time> "." <body>}</pre>
 *
 * <p>The request-target is the path and query exactly as sent (never decoded or normalised), the
 * client id and time are the header values verbatim, and the body is the exact bytes on the wire:
 * it is appended as bytes, never decoded and re-encoded, so what is signed is what is sent.
 *
 * <p>Stateless and thread-safe. The body array is read, not kept.
 */
public final class SignContent {
    private SignContent() {}

    /**
     * Builds the content to be signed.
     *
     * @throws MalformedMessageException if the method is not an upper-case token, the
     *     request-target is not a plain one ({@link RequestTargets#problem}), or
     *     the client id or time is empty or contains a control or non-ASCII character
     */
    public static byte[] build(String method, String requestTarget, String clientId, String time, byte[] body) {
        checkMethod(method);
        checkTarget(requestTarget);
        checkHeaderValue("client id", clientId);
        checkHeaderValue("time", time);
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                method.length() + requestTarget.length() + clientId.length() + time.length() + body.length + 8);
        out.writeBytes(method.getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.writeBytes(requestTarget.getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
        out.writeBytes(clientId.getBytes(StandardCharsets.US_ASCII));
        out.write('.');
        out.writeBytes(time.getBytes(StandardCharsets.US_ASCII));
        out.write('.');
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void checkMethod(String method) {
        if (method.isEmpty()) {
            throw new MalformedMessageException("HTTP method is empty");
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c < 'A' || c > 'Z') {
                throw new MalformedMessageException("HTTP method must be upper-case letters");
            }
        }
    }

    private static void checkTarget(String target) {
        // Signed as given, never normalised: so only the plain origin-form is signed at all.
        String problem = RequestTargets.problem(target);
        if (problem != null) {
            throw new MalformedMessageException(problem);
        }
    }

    private static void checkHeaderValue(String what, String value) {
        if (value.isEmpty()) {
            throw new MalformedMessageException(what + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new MalformedMessageException(what + " contains a control or non-ASCII character at index " + i);
            }
        }
    }
}
