package io.amsgateway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {
    private static PhaseResult phase(String mode, int c, double throughput, double gatewayCpu, double nginxCpu) {
        boolean gw = mode.equals("gateway");
        return new PhaseResult(
                mode,
                c,
                10,
                (long) (throughput * 10),
                throughput,
                900,
                2000,
                3000,
                4000,
                Map.of(),
                gw ? gatewayCpu : Double.NaN,
                400,
                50,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Map.of(),
                0,
                1,
                1,
                nginxCpu,
                1024);
    }

    @Test
    void nonCryptoCpuIsComparedWithNginxAtTheSaturationConcurrency() {
        PhaseResult one = phase("gateway", 1, 800, 360, Double.NaN);
        PhaseResult sat = phase("gateway", 16, 2100, 330, Double.NaN);
        PhaseResult four = phase("gateway", 4, 2000, 340, Double.NaN);
        List<PhaseResult> sweep = List.of(one, four, sat);
        PhaseResult direct = phase("direct", 4, 1300, Double.NaN, Double.NaN);
        List<PhaseResult> nginx =
                List.of(phase("nginx", 1, 600, Double.NaN, 20), phase("nginx", 16, 1500, Double.NaN, 12));

        Verdict v = Verdict.of(300, sweep, sweep, four, direct, nginx, null);

        assertThat(v.saturation()).isSameAs(sat);
        assertThat(v.ratioAtSaturation()).isCloseTo(1.1, within(1e-9));
        assertThat(v.cpuSaturationTargetMet()).isTrue();
        assertThat(v.ratioAtOne()).isCloseTo(1.2, within(1e-9));
        assertThat(v.cpuOneTargetMet()).isTrue();
        // (330 - 300) / 12 and (360 - 300) / 20
        assertThat(v.nginxRatioAtSaturation()).isCloseTo(2.5, within(1e-9));
        assertThat(v.nginxRatioAtOne()).isCloseTo(3.0, within(1e-9));
        assertThat(v.nginxTargetMet()).isTrue();
        assertThat(v.markdown())
                .contains("at saturation (c=16): 1.10 (330 / 300 us); target <= 1.15: met")
                .contains("at c=1: 1.20 (360 us); target <= 1.2: met")
                .contains("nginx CPU per call at saturation (c=16): 2.50 ((330 - 300) / 12.0 us); at c=1: 3.00");
        assertThat(v.json()).contains("\"nonCryptoToNginxAtSaturation\": 2.500").contains("\"nginxSkipped\": null");
    }

    @Test
    void targetsMissedAndNginxSkipped() {
        PhaseResult one = phase("gateway", 1, 800, 400, Double.NaN);
        PhaseResult sat = phase("gateway", 16, 2100, 360, Double.NaN);
        List<PhaseResult> sweep = List.of(one, sat);
        PhaseResult direct = phase("direct", 1, 600, Double.NaN, Double.NaN);

        Verdict v = Verdict.of(300, sweep, sweep, one, direct, List.of(), NginxProxy.SKIPPED);

        assertThat(v.cpuSaturationTargetMet()).isFalse();
        assertThat(v.cpuOneTargetMet()).isFalse();
        assertThat(v.nginxTargetMet()).isFalse();
        assertThat(v.nginxRatioAtSaturation()).isNaN();
        assertThat(v.markdown()).contains("nginx not found: nginx comparison skipped");
        assertThat(v.json()).contains("\"nginxSkipped\": \"nginx not found: nginx comparison skipped\"");
    }

    @Test
    void theHalfLoadPhaseAtOneCallerIsPreferredToTheSweeps() {
        PhaseResult sweepOne = phase("gateway", 1, 800, 500, Double.NaN);
        PhaseResult sat = phase("gateway", 16, 2100, 330, Double.NaN);
        PhaseResult halfOne = phase("gateway", 1, 820, 350, Double.NaN);
        PhaseResult direct = phase("direct", 1, 600, Double.NaN, Double.NaN);
        List<PhaseResult> sweep = List.of(sweepOne, sat);

        Verdict v = Verdict.of(300, sweep, sweep, halfOne, direct, List.of(), NginxProxy.SKIPPED);

        assertThat(v.gatewayAtOne()).isSameAs(halfOne);
        assertThat(v.ratioAtOne()).isCloseTo(350.0 / 300, within(1e-9));
    }

    @Test
    void nonCryptoToNginxNeedsBothNumbers() {
        assertThat(Verdict.nonCryptoToNginx(390, 300, 30)).isCloseTo(3.0, within(1e-9));
        assertThat(Verdict.nonCryptoToNginx(Double.NaN, 300, 30)).isNaN();
        assertThat(Verdict.nonCryptoToNginx(390, 300, Double.NaN)).isNaN();
        assertThat(Verdict.nonCryptoToNginx(390, 300, 0)).isNaN();
    }
}
