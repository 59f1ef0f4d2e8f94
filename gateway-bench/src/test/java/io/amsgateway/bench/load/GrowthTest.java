package io.amsgateway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrowthTest {
    private static final List<Integer> SIZES = List.of(1024, 16 << 10, 64 << 10, 1 << 20);

    @Test
    void factorsAndMarginalCostPerKiB() {
        Growth g = Growth.of("cost", SIZES, List.of(100.0, 130.0, 226.0, 2200.0));

        Growth.Point first = g.points().get(0);
        assertThat(first.factor()).isEqualTo(1.0);
        assertThat(first.bodyFactor()).isEqualTo(1.0);
        assertThat(first.stepFactor()).isNaN();
        assertThat(first.marginalMicrosPerKiB()).isNaN();

        Growth.Point p16 = g.points().get(1);
        assertThat(p16.factor()).isCloseTo(1.3, within(1e-9));
        assertThat(p16.bodyFactor()).isEqualTo(16.0);
        assertThat(p16.marginalMicrosPerKiB()).isCloseTo(30.0 / 15, within(1e-9));

        Growth.Point p64 = g.points().get(2);
        assertThat(p64.stepFactor()).isCloseTo(226.0 / 130, within(1e-9));
        assertThat(p64.stepBodyFactor()).isEqualTo(4.0);
        assertThat(p64.marginalMicrosPerKiB()).isCloseTo(96.0 / 48, within(1e-9));

        Growth.Point p1m = g.points().get(3);
        assertThat(p1m.factor()).isCloseTo(22.0, within(1e-9));
        assertThat(p1m.bodyFactor()).isEqualTo(1024.0);
        assertThat(p1m.marginalMicrosPerKiB()).isCloseTo(1974.0 / 960, within(1e-9));
        assertThat(g.points()).noneMatch(Growth.Point::fasterThanBody);
        assertThat(g.verdict()).isEqualTo("cost grows slower than the body at every size and every step.");
    }

    @Test
    void namesWhereCostGrowsFasterThanTheBody() {
        // From 1 KiB to 16 KiB the cost grows x20 against the body's x16; from 16 KiB to 64 KiB x2 against x4.
        Growth g = Growth.of("gateway", SIZES.subList(0, 3), List.of(10.0, 200.0, 400.0));

        assertThat(g.points().get(1).fasterThanBody()).isTrue();
        assertThat(g.points().get(2).fasterThanBody()).isFalse();
        assertThat(g.points().get(2).stepFasterThanBody()).isFalse();
        assertThat(g.verdict())
                .isEqualTo("gateway grows faster than the body from 1 KiB to 16 KiB (x20.00 against the body's x16).");
    }

    @Test
    void aStepFasterThanItsBodyIsNamedEvenWhenTheWholeIsNot() {
        // x1.1 from 1 to 16 KiB, then x8 from 16 to 64 KiB (body x4): slower overall (x8.8 < x64), faster in that step.
        Growth g = Growth.of("nginx", SIZES.subList(0, 3), List.of(10.0, 11.0, 88.0));

        assertThat(g.points().get(2).fasterThanBody()).isFalse();
        assertThat(g.points().get(2).stepFasterThanBody()).isTrue();
        assertThat(g.verdict())
                .isEqualTo("nginx grows faster than the body from 16 KiB to 64 KiB (x8.00 against the body's x4).");
    }

    @Test
    void aMissingCostIsSaidAndNotJudged() {
        Growth g = Growth.of("nginx", SIZES.subList(0, 2), List.of(10.0, Double.NaN));

        assertThat(g.verdict()).isEqualTo("nginx: not measured at every size.");
    }

    @Test
    void sizesMustIncreaseAndMatchTheCosts() {
        assertThatThrownBy(() -> Growth.of("x", List.of(2048, 1024), List.of(1.0, 2.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Growth.of("x", List.of(1024), List.of(1.0, 2.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sizeNames() {
        assertThat(Growth.size(1024)).isEqualTo("1 KiB");
        assertThat(Growth.size(64 << 10)).isEqualTo("64 KiB");
        assertThat(Growth.size(1 << 20)).isEqualTo("1 MiB");
        assertThat(Growth.size(1000)).isEqualTo("1000 B");
    }
}
