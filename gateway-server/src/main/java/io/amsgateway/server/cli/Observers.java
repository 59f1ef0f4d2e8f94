package io.amsgateway.server.cli;

import io.amsgateway.server.pipeline.CallRecord;
import io.amsgateway.server.proxy.GatewayResponse;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the gateway does with each finished call: one access-log line, never a body. */
final class Observers {
    private static final Logger access = LoggerFactory.getLogger("io.amsgateway.access");

    private Observers() {}

    static Consumer<CallRecord> accessLog() {
        return c -> {
            GatewayResponse r = c.response();
            access.info(
                    "profile={} api={} status={} resultStatus={} error={} keyVersion={} totalMs={} upstreamMs={}",
                    r.profile(),
                    r.api(),
                    r.status(),
                    r.resultStatus(),
                    r.error() == null ? "-" : r.error().resultCode(),
                    r.keyVersion(),
                    c.totalNanos() / 1_000_000.0,
                    r.upstreamNanos() / 1_000_000.0);
        };
    }
}
