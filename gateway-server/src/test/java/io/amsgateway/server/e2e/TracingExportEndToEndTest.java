package io.amsgateway.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.amsgateway.simulator.LeakCheck;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway.tracing} on: a real gateway exports its spans over OTLP/HTTP (protobuf) to a
 * collector stand-in on loopback, in the caller's trace; with the collector gone, calls are
 * answered as before.
 */
@ExtendWith(LeakCheck.class)
class TracingExportEndToEndTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    record Export(String path, String contentType, byte[] body) {}

    @Test
    void spansReachTheCollectorInTheCallersTrace(@TempDir Path dir) throws Exception {
        List<Export> exports = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/", ex -> {
            exports.add(new Export(
                    ex.getRequestURI().getPath(),
                    ex.getRequestHeaders().getFirst("Content-Type"),
                    ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        collector.start();
        try {
            String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces";
            HttpResponse<String> r;
            try (GatewayFixture f = GatewayFixture.start(
                    dir, b -> {}, "gateway.tracing { enabled = true, endpoint = \"" + endpoint + "\" }\n")) {
                r = f.post(
                        "/ams/api/v1/payments/pay",
                        ProxyEndToEndTest.pay(ProxyEndToEndTest.id(), "100"),
                        Map.of("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01"));
            } // draining flushes the queued spans
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(exports).as("the spans were flushed on shutdown").isNotEmpty();
            Export e = exports.get(0);
            assertThat(e.path()).isEqualTo("/v1/traces");
            assertThat(e.contentType()).isEqualTo("application/x-protobuf");
            byte[] body = exports.stream().map(Export::body).reduce(new byte[0], TracingExportEndToEndTest::concat);
            assertThat(indexOf(body, HexFormat.of().parseHex(TRACE_ID)))
                    .as("the caller's trace id is in the export")
                    .isNotNegative();
            for (String name : List.of("ams call", "key lookup", "sign", "upstream", "verify")) {
                assertThat(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .contains(name);
            }
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void callsDoNotWaitForAnAbsentCollector(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort(); // nothing listens there once it is closed
        }
        try (GatewayFixture f = GatewayFixture.start(
                dir,
                b -> {},
                "gateway.tracing { enabled = true, endpoint = \"http://127.0.0.1:" + port + "/v1/traces\" }\n")) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r =
                        f.post("/ams/api/v1/payments/pay", ProxyEndToEndTest.pay(ProxyEndToEndTest.id(), "100"));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
