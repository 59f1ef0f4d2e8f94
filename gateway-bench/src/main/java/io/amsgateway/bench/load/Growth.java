package io.amsgateway.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * How a cost grows with the body: for sizes in increasing order and the cost measured at each,
 * the growth factor from the first (smallest) size against the body-size factor, the same for
 * each step from one size to the next, and the marginal cost per KiB of each step. A cost "grows
 * faster than the body" where its factor exceeds the body's. Pure arithmetic.
 *
 * @param subject what was measured (e.g. "gateway CPU us/call")
 */
record Growth(String subject, List<Point> points) {

    /**
     * One size.
     *
     * @param factor cost / cost at the first size
     * @param bodyFactor size / first size
     * @param stepFactor cost / cost at the previous size (NaN for the first)
     * @param stepBodyFactor size / previous size (NaN for the first)
     * @param marginalMicrosPerKiB (cost - previous cost) / (size - previous size) in KiB (NaN for the first)
     */
    record Point(
            int bodySize,
            double cost,
            double factor,
            double bodyFactor,
            double stepFactor,
            double stepBodyFactor,
            double marginalMicrosPerKiB) {
        /** The cost grew more, from the first size, than the body did. */
        boolean fasterThanBody() {
            return factor > bodyFactor;
        }

        /** The cost grew more, from the previous size, than the body did. */
        boolean stepFasterThanBody() {
            return stepFactor > stepBodyFactor;
        }
    }

    /** @param sizes body sizes, increasing; @param costs the cost at each (same length) */
    static Growth of(String subject, List<Integer> sizes, List<Double> costs) {
        if (sizes.size() != costs.size() || sizes.isEmpty()) {
            throw new IllegalArgumentException("one cost per size, at least one size");
        }
        List<Point> points = new ArrayList<>();
        double first = costs.get(0);
        int firstSize = sizes.get(0);
        for (int i = 0; i < sizes.size(); i++) {
            int size = sizes.get(i);
            double cost = costs.get(i);
            if (i > 0 && size <= sizes.get(i - 1)) {
                throw new IllegalArgumentException("sizes must increase: " + sizes);
            }
            double stepFactor = i == 0 ? Double.NaN : cost / costs.get(i - 1);
            double stepBody = i == 0 ? Double.NaN : (double) size / sizes.get(i - 1);
            double marginal = i == 0 ? Double.NaN : (cost - costs.get(i - 1)) / ((size - sizes.get(i - 1)) / 1024.0);
            points.add(new Point(size, cost, cost / first, (double) size / firstSize, stepFactor, stepBody, marginal));
        }
        return new Growth(subject, List.copyOf(points));
    }

    /**
     * One sentence: the sizes (from the first, and step by step) where the cost grew faster than
     * the body, or that it grew slower everywhere; costs that are not numbers are left out.
     */
    String verdict() {
        List<String> faster = new ArrayList<>();
        for (int i = 1; i < points.size(); i++) {
            Point p = points.get(i);
            if (!Double.isFinite(p.factor()) || !Double.isFinite(p.stepFactor())) {
                continue;
            }
            if (p.fasterThanBody()) {
                faster.add(Report.f(
                        "%s to %s (x%.2f against the body's x%.0f)",
                        size(points.get(0).bodySize()), size(p.bodySize()), p.factor(), p.bodyFactor()));
            } else if (p.stepFasterThanBody()) {
                faster.add(Report.f(
                        "%s to %s (x%.2f against the body's x%.0f)",
                        size(points.get(i - 1).bodySize()), size(p.bodySize()), p.stepFactor(), p.stepBodyFactor()));
            }
        }
        boolean measured = points.stream().allMatch(p -> Double.isFinite(p.cost()));
        if (!faster.isEmpty()) {
            return subject + " grows faster than the body from " + String.join(", ", faster) + ".";
        }
        return measured
                ? subject + " grows slower than the body at every size and every step."
                : subject + ": not measured at every size.";
    }

    /** "1 KiB", "16 KiB", "1 MiB", or bytes. */
    static String size(int bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " B";
    }
}
