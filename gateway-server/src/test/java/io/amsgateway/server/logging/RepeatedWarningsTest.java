package io.amsgateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RepeatedWarningsTest {
    @Test
    void aBurstIsOneWarningThenOneCountAndTheNextBurstStartsAfresh() throws Exception {
        LoggerContext ctx = new LoggerContext();
        Logger log = ctx.getLogger("test");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.setContext(ctx);
        lines.start();
        log.addAppender(lines);
        RepeatedWarnings w = new RepeatedWarnings(log, Duration.ofMillis(300));

        for (int i = 0; i < 100; i++) {
            w.warn("profile p: answers that did not verify (BAD_SIGNATURE)", "answer {} did not verify", i);
        }
        w.warn("another kind", "something else");
        assertThat(messages(lines))
                .as("the first of each kind at once, the rest counted")
                .containsExactly(
                        "answer 0 did not verify (further ones within 300 ms are counted, not logged)",
                        "something else (further ones within 300 ms are counted, not logged)");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (messages(lines).size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(messages(lines))
                .as("one count at the window's end; none for a kind that did not repeat")
                .hasSize(3)
                .last()
                .isEqualTo(
                        "profile p: answers that did not verify (BAD_SIGNATURE): 99 more like it in the last 300 ms");
        assertThat(lines.list).allMatch(e -> e.getLevel() == Level.WARN);

        Thread.sleep(400); // both windows are over
        w.warn("profile p: answers that did not verify (BAD_SIGNATURE)", "answer {} did not verify", 100);
        assertThat(messages(lines))
                .as("a new burst")
                .hasSize(4)
                .last()
                .asString()
                .startsWith("answer 100");
    }

    static List<String> messages(ListAppender<ILoggingEvent> lines) {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
