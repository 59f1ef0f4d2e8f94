package io.amsgateway.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/** What every benchmark's {@code main} does the same way: the jar check, its results directory, clean-up. */
final class BenchRuns {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private BenchRuns() {}

    /** Whether {@code jar} is missing; if so, says how to build it (the caller exits with status 2). */
    static boolean jarMissing(Path jar) {
        if (Files.isRegularFile(jar)) {
            return false;
        }
        System.err.println(jar + " is missing; build it with: mvn -B -q -pl gateway-server -am package"
                + " -DskipTests -Dspotless.check.skip=true");
        return true;
    }

    /** A new directory {@code <name>-<UTC time of started>} inside {@code out}, for one run's results. */
    static Path resultsDir(Path out, String name, Instant started) throws IOException {
        return Files.createDirectories(out.resolve(name + "-" + STAMP.format(started)));
    }

    /** Deletes {@code dir} and everything in it. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
