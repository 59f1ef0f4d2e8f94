package io.amsgateway.bench.load;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Checks shared by both modes: HTTP 200 and an Alipay result with {@code resultStatus} S. */
final class Answers {
    private static final String SUCCESS = "\"resultStatus\":\"S\"";

    private Answers() {}

    /** The body's bytes (a copy; the message is released by its handler). */
    static byte[] body(FullHttpResponse response) {
        return ByteBufUtil.getBytes(response.content());
    }

    /** {@code null} for HTTP 200 with a successful result, else the failure category. */
    static @Nullable String success(int status, byte[] body) {
        if (status != 200) {
            return "http-" + status;
        }
        if (!new String(body, StandardCharsets.UTF_8).contains(SUCCESS)) {
            return "result-not-S";
        }
        return null;
    }
}
