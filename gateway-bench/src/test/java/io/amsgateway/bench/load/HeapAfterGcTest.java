package io.amsgateway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapAfterGcTest {
    private static final String SERIAL =
            """
            # TYPE jvm_memory_pool_collection_used_bytes gauge
            jvm_memory_pool_collection_used_bytes{pool="Eden Space"} 0.0
            jvm_memory_pool_collection_used_bytes{pool="Survivor Space"} 1048576.0
            jvm_memory_pool_collection_used_bytes{pool="Tenured Gen"} 0.0
            # TYPE jvm_memory_pool_used_bytes gauge
            jvm_memory_pool_used_bytes{pool="CodeHeap 'non-nmethods'"} 1.0E6
            jvm_memory_pool_used_bytes{pool="Eden Space"} 7340032.0
            jvm_memory_pool_used_bytes{pool="Survivor Space"} 1048576.0
            jvm_memory_pool_used_bytes{pool="Tenured Gen"} 1.6777216E7
            jvm_memory_pool_used_bytes_other{pool="Tenured Gen"} 5.0
            """;

    @Test
    void readsOneSeriesByLabel() {
        Map<String, Double> used = AdminClient.byLabel(SERIAL, "jvm_memory_pool_used_bytes", "pool");
        assertThat(used)
                .containsEntry("Tenured Gen", 16_777_216.0)
                .containsEntry("CodeHeap 'non-nmethods'", 1.0e6)
                .hasSize(4);
    }

    @Test
    void oldGenerationCountsAsItStandsWhenNoFullCollectionHappened() {
        double bytes = SoakBench.heapAfterGc(
                AdminClient.byLabel(SERIAL, "jvm_memory_pool_collection_used_bytes", "pool"),
                AdminClient.byLabel(SERIAL, "jvm_memory_pool_used_bytes", "pool"));
        // survivor after its last collection (1 MiB) + tenured as it stands (16 MiB); eden's 7 MiB
        // of garbage-to-be and the code heap are not counted
        assertThat(bytes).isCloseTo(17 * 1024 * 1024, within(0.5));
    }

    @Test
    void g1OldGenerationIsRecognisedToo() {
        double bytes = SoakBench.heapAfterGc(
                Map.of("G1 Eden Space", 0.0, "G1 Old Gen", 0.0, "G1 Survivor Space", 2.0),
                Map.of("G1 Eden Space", 9.0, "G1 Old Gen", 40.0, "G1 Survivor Space", 2.0));
        assertThat(bytes).isEqualTo(42.0);
    }
}
