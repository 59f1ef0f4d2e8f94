package io.amsgateway.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.server.metrics.GatewayMetrics;
import io.amsgateway.server.metrics.SampleMetrics;
import io.amsgateway.simulator.LeakCheck;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real admin server on 127.0.0.1:0, queried with the JDK client, failing on any buffer leak. */
class AdminServerTest {
    static {
        LeakCheck.install(); // before Netty's buffer classes load
    }

    private static final AtomicBoolean READY = new AtomicBoolean();
    private static EventLoopGroup group;
    private static AdminServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        GatewayMetrics metrics = SampleMetrics.populated();
        metrics.readiness(READY::get);
        server = AdminServer.start("127.0.0.1", 0, group, metrics, READY::get);
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        assertThat(LeakCheck.collectLeaks()).as("Netty buffer leaks").isEmpty();
    }

    static HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body)
                .timeout(Duration.ofSeconds(10))
                .build();
        return client.send(req, BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, BodyPublishers.noBody());
    }

    @Test
    void boundAnEphemeralPort() {
        assertThat(server.port()).as("port 0 asks the OS for a free port").isPositive();
    }

    @Test
    void servesOnAnEpollGroupToo() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "epoll is not available here");
        EventLoopGroup epoll = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try (AdminServer onEpoll = AdminServer.start("127.0.0.1", 0, epoll, new GatewayMetrics("dev"), () -> true)) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onEpoll.port() + "/readyz"))
                    .build();
            assertThat(client.send(req, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            epoll.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void healthzIsUp() throws Exception {
        HttpResponse<String> res = get("/healthz");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"status\":\"UP\"}\n");
        assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void readyzFollowsTheSupplier() throws Exception {
        READY.set(false);
        HttpResponse<String> notReady = get("/readyz");
        assertThat(notReady.statusCode()).as("not ready yet").isEqualTo(503);
        assertThat(notReady.body()).contains("NOT_READY");
        READY.set(true);
        HttpResponse<String> ready = get("/readyz?verbose=1");
        assertThat(ready.statusCode()).as("ready after the flip").isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"READY\"}\n");
    }

    @Test
    void metricsAreServedInTextFormat() throws Exception {
        HttpResponse<String> res = get("/metrics");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(res.body())
                .contains(
                        "gateway_calls_total{", "gateway_errors_total{code=\"UPSTREAM_TIMEOUT\",profile=\"client-a\"}")
                .contains("gateway_call_duration_seconds_bucket{", "gateway_upstream_duration_seconds_bucket{")
                .contains("gateway_sign_duration_seconds_bucket{", "gateway_verify_duration_seconds_bucket{")
                .contains("gateway_response_verification_failures_total{", "gateway_upstream_connections{")
                .contains("gateway_upstream_pending_acquires{", "gateway_crypto_provider_info{provider=\"accp\"}")
                .contains("gateway_build_info{version=\"1.2.3\"}", "gateway_in_flight_calls ", "gateway_ready ")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void headAnswersWithHeadersOnly() throws Exception {
        HttpResponse<String> res = send("HEAD", "/metrics", BodyPublishers.noBody());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEmpty();
        assertThat(res.headers().firstValueAsLong("content-length").orElse(0))
                .as("HEAD reports the GET length")
                .isPositive();
        assertThat(get("/healthz").statusCode())
                .as("the connection stays usable")
                .isEqualTo(200);
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);
    }

    @Test
    void otherMethodsAre405() throws Exception {
        HttpResponse<String> res = send("POST", "/metrics", BodyPublishers.ofString("{}"));
        assertThat(res.statusCode()).isEqualTo(405);
        assertThat(res.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(send("DELETE", "/readyz", BodyPublishers.noBody()).statusCode())
                .isEqualTo(405);
    }

    @Test
    void oversizedRequestIs413() throws Exception {
        String big = "x".repeat(AdminServer.MAX_REQUEST_BYTES + 1);
        assertThat(send("POST", "/metrics", BodyPublishers.ofString(big)).statusCode())
                .isEqualTo(413);
    }

    @Test
    void http10WithoutKeepAliveIsClosedAfterTheResponse() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /healthz HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII); // returns at EOF
            assertThat(response).startsWith("HTTP/1.0 200 OK").endsWith("{\"status\":\"UP\"}\n");
        }
    }
}
