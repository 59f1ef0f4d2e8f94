package io.amsgateway.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void takesASaneIdAsIs() {
        for (String id : new String[] {
            "a", "550e8400-e29b-41d4-a716-446655440000", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "svc:req.1_2-3", "x".repeat(128)
        }) {
            assertThat(RequestIds.accept(id)).isEqualTo(id);
        }
    }

    @Test
    void replacesAnythingElse() {
        for (String id : new String[] {
            null, "", "x".repeat(129), "a b", "a\nb", "a\"b", "Root=1-5759e988", "é", "a/b", "a%20b", "<script>"
        }) {
            String out = RequestIds.accept(id);
            assertThat(out).as("%s", id).isNotEqualTo(id);
            assertThat(RequestIds.isSane(out)).isTrue();
        }
    }

    @Test
    void madeIdsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(RequestIds.next())).isTrue();
        }
    }
}
