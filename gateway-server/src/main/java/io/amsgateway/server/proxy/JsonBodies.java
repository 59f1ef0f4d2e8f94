package io.amsgateway.server.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.server.caller.RequestIds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks that a caller's body is what Alipay accepts: strict UTF-8 (no malformed or overlong
 * sequences, no encoded surrogates) without a byte order mark, holding exactly one JSON object. A
 * UTF-16 or UTF-32 body (with or without a BOM) is refused with a reason that says so. The body is only read: it is
 * signed and sent as the caller's bytes, never re-serialised. Errors say where, never what.
 */
final class JsonBodies {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private JsonBodies() {}

    /**
     * Checks {@code body} and, in the same pass, reads the merchant's ids at its top level for
     * the audit log ({@link RequestIds}).
     *
     * @throws GatewayException {@code INVALID_REQUEST}, saying where the body is wrong, never what
     *     it holds
     */
    static RequestIds check(byte[] body) {
        if (body.length == 0) {
            throw invalid("request body is empty; AMS APIs take a JSON object");
        }
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            throw invalid("request body starts with a byte order mark; send UTF-8 JSON without a BOM");
        }
        if (body.length >= 2
                && (((body[0] & 0xff) == 0xfe && (body[1] & 0xff) == 0xff)
                        || ((body[0] & 0xff) == 0xff && (body[1] & 0xff) == 0xfe))) {
            throw invalid("request body is UTF-16 or UTF-32 (it has a byte order mark); send UTF-8 JSON");
        }
        if (body.length >= 2 && (body[0] == 0 || body[1] == 0)) {
            throw invalid("request body is UTF-16 or UTF-32 (it has NUL bytes); send UTF-8 JSON");
        }
        int firstNonAscii = firstNonAscii(body);
        if (firstNonAscii < body.length) {
            checkUtf8(body, firstNonAscii);
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("request body must be a JSON object");
            }
            String payment = null;
            String refund = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && payment == null && "paymentRequestId".equals(name)) {
                    payment = p.getText();
                } else if (value == JsonToken.VALUE_STRING && refund == null && "refundRequestId".equals(name)) {
                    refund = p.getText();
                } else {
                    p.skipChildren(); // an object or array value; a scalar is already read
                }
            }
            // The loop ends at the object's END_OBJECT: the parser throws on anything else.
            if (p.nextToken() != null) {
                throw invalid("request body has content after its JSON object");
            }
            return RequestIds.of(payment, refund);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw invalid("request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw invalid("request body is not valid JSON");
        }
    }

    /** The index of the first byte above 0x7f, or the length: ASCII is UTF-8 as it stands. */
    private static int firstNonAscii(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] < 0) {
                return i;
            }
        }
        return body.length;
    }

    /**
     * Strict UTF-8 from {@code from} on (what comes before is ASCII), decoded through a small
     * buffer that is reused: a 1 MiB body does not cost a 2 MiB copy.
     */
    private static void checkUtf8(byte[] body, int from) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body, from, body.length - from);
        CharBuffer out = CharBuffer.allocate(1024);
        while (true) {
            CoderResult r = utf8.decode(in, out, true);
            if (r.isError()) {
                throw invalid("request body is not valid UTF-8 (near byte " + in.position() + ")");
            }
            out.clear();
            if (r.isUnderflow()) {
                break;
            }
        }
        CoderResult end = utf8.flush(out);
        if (end.isError()) {
            throw invalid("request body is not valid UTF-8 (near byte " + in.position() + ")");
        }
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(ErrorCode.INVALID_REQUEST, message);
    }
}
