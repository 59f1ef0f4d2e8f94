package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.simulator.LeakCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The global connection cap, and the drain's answer to a call longer than the drain timeout. */
@ExtendWith(LeakCheck.class)
class EdgeLimitsAndDrainTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aConnectionOverTheCapIsAnswered503AndClosedAndTheCapFreesWithClosedConnections(@TempDir Path dir)
            throws Exception {
        try (GatewayFixture f = GatewayFixture.start(dir, b -> {}, "gateway.limits.max-connections = 8\n")) {
            List<RawHttp> open = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    open.add(new RawHttp(f.gateway.port()));
                }
                EdgeFrontTest.awaitCondition(() -> f.gateway.edge().connections() == 8, "8 connections counted");
                try (RawHttp over = new RawHttp(f.gateway.port())) {
                    RawHttp.Response r = over.read();
                    assertThat(r.status()).isEqualTo(503);
                    var result = JSON.readTree(r.body()).get("result");
                    assertThat(result.get("resultCode").asText()).isEqualTo("GATEWAY_OVERLOADED");
                    assertThat(result.get("resultStatus").asText()).isEqualTo("F");
                    assertThat(result.get("resultMessage").asText()).contains("gateway.limits.max-connections");
                    assertThat(over.closedByPeer()).isTrue();
                }
                open.get(0).send(RawHttp.post("/ams/api/v1/payments/pay", pay(id(), "1")));
                assertThat(open.get(0).read().status())
                        .as("the connections within the cap work")
                        .isEqualTo(200);
                open.remove(1).close();
                EdgeFrontTest.awaitCondition(() -> f.gateway.edge().connections() == 7, "a closed one is uncounted");
                try (RawHttp again = new RawHttp(f.gateway.port())) {
                    again.send(RawHttp.post("/ams/api/v1/payments/pay", pay(id(), "2")));
                    assertThat(again.read().status()).isEqualTo(200);
                }
                assertThat(f.calls)
                        .filteredOn(c -> c.response().error() == ErrorCode.OVERLOADED)
                        .as("the refusal was recorded once")
                        .hasSize(1);
            } finally {
                for (RawHttp c : open) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aCallLongerThanTheDrainTimeoutGetsTheGatewaysAnswerBeforeItsConnectionCloses(@TempDir Path dir)
            throws Exception {
        GatewayFixture f = GatewayFixture.start(dir);
        try (RawHttp c = new RawHttp(f.gateway.port())) {
            c.send(RawHttp.post("/ams/api/v1/payments/pay", pay("FAULT_DELAY_1800_" + id(), "3")));
            EdgeFrontTest.awaitCondition(() -> f.gateway.state().inFlight() == 1, "the slow call is in flight");
            CompletableFuture<RawHttp.Response> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.read();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });

            long start = System.nanoTime();
            f.gateway.drain(Duration.ofMillis(400));
            long ms = (System.nanoTime() - start) / 1_000_000;

            RawHttp.Response r = answer.get(5, TimeUnit.SECONDS);
            assertThat(r).as("an answer, not a closed connection").isNotNull();
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.headers()).containsEntry("connection", "close");
            var result = JSON.readTree(r.body()).get("result");
            assertThat(result.get("resultCode").asText()).isEqualTo("GATEWAY_SHUTTING_DOWN");
            assertThat(result.get("resultStatus").asText())
                    .as("the request was sent to Alipay: its outcome is unknown")
                    .isEqualTo("U");
            assertThat(c.closedByPeer()).isTrue();
            assertThat(ms).as("the drain did not wait for Alipay's answer").isLessThan(1_500);
            assertThat(f.calls).singleElement().satisfies(call -> {
                assertThat(call.response().error()).isEqualTo(ErrorCode.SHUTTING_DOWN);
                assertThat(call.response().resultStatus()).isEqualTo("U");
                assertThat(call.response().status()).isEqualTo(503);
            });
        } finally {
            f.sim.close();
        }
    }
}
