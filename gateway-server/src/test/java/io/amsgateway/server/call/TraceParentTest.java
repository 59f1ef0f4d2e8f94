package io.amsgateway.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code traceparent} as the W3C Trace Context spec defines it. */
class TraceParentTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT = "00f067aa0ba902b7";

    @Test
    void readsAVersion00Header() {
        TraceParent tp = TraceParent.parse("00-" + TRACE + "-" + PARENT + "-01");
        assertThat(tp).isNotNull();
        assertThat(tp.traceId()).isEqualTo(TRACE);
        assertThat(tp.parentId()).isEqualTo(PARENT);
        assertThat(tp.sampled()).isTrue();
        assertThat(tp.toString()).isEqualTo("00-" + TRACE + "-" + PARENT + "-01");
        assertThat(TraceParent.parse("00-" + TRACE + "-" + PARENT + "-00").sampled())
                .isFalse();
    }

    @Test
    void readsTheKnownFieldsOfAFutureVersion() {
        TraceParent tp = TraceParent.parse("cc-" + TRACE + "-" + PARENT + "-01-what-the-future-holds");
        assertThat(tp).isNotNull();
        assertThat(tp.traceId()).isEqualTo(TRACE);
        assertThat(TraceParent.parse("cc-" + TRACE + "-" + PARENT + "-01")).isNotNull();
    }

    @Test
    void refusesWhatTheSpecRefuses() {
        String ok = "00-" + TRACE + "-" + PARENT + "-01";
        assertThat(TraceParent.parse(ok)).isNotNull();
        for (String bad : new String[] {
            null,
            "",
            "garbage",
            ok + "-extra", // version 00 is exactly 55 characters
            "ff-" + TRACE + "-" + PARENT + "-01", // version ff is invalid
            "cc-" + TRACE + "-" + PARENT + "-01x", // a longer future version needs '-' after the flags
            "00-" + TRACE.toUpperCase() + "-" + PARENT + "-01", // upper-case hex
            "00-" + "0".repeat(32) + "-" + PARENT + "-01", // all-zero trace id
            "00-" + TRACE + "-" + "0".repeat(16) + "-01", // all-zero parent id
            "00-" + TRACE + "-" + PARENT + "-0g",
            "0g-" + TRACE + "-" + PARENT + "-01",
            "00_" + TRACE + "-" + PARENT + "-01",
            "00-" + TRACE.substring(1) + "0-" + PARENT.substring(1) + "-01",
        }) {
            assertThat(TraceParent.parse(bad)).as("%s", bad).isNull();
        }
    }
}
