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
     * Builds the content to be signed: only a plain request-target is signed at all.
     *
     * @throws MalformedMessageException if the method is not an upper-case token, the
     *     request-target is not a plain one ({@link RequestTargets#problem}), or
     *     the client id or time is empty or contains a control or non-ASCII character
     */
    public static byte[] build(String method, String requestTarget, String clientId, String time, byte[] body) {
        String problem = RequestTargets.problem(requestTarget);
        if (problem != null) {
            throw new MalformedMessageException(problem);
        }
        return received(method, requestTarget, clientId, time, body);
    }

    /**
     * Builds the content of a message received, to verify it: as {@link #build}, but the
     * request-target is only held to the grammar (not empty; no space, control or non-ASCII
     * character), since a signature over any other target simply does not verify.
     *
     * @throws MalformedMessageException if a part breaks the grammar
     */
    public static byte[] received(String method, String requestTarget, String clientId, String time, byte[] body) {
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
        if (target.isEmpty()) {
            throw new MalformedMessageException("request-target is empty");
        }
        int bad = RequestTargets.firstUnsignable(target);
        if (bad >= 0) {
            throw new MalformedMessageException(
                    "request-target contains a space, control or non-ASCII character at index " + bad);
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
