package io.amsgateway.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsgateway.core.testing.Vectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** signature-header-parsing.json: the parser extracts exactly the {@code strict} column. */
class SignatureHeaderParsingConformanceTest {
    static Stream<Arguments> rows() {
        return Vectors.list(Vectors.load("signature-header-parsing.json").get("rows")).stream()
                .map(r -> Arguments.of(r.get("id").asText(), r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void extractsTheStrictColumn(String id, JsonNode row) {
        String expected = Vectors.textOrNull(row.get("extractedSignature"), "strict");
        SignatureHeader parsed = SignatureHeader.parse(row.get("headerValue").asText());
        assertThat(parsed.signature()).as("signature extracted from %s", id).isEqualTo(expected);
    }
}
