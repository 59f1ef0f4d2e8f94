package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code helm/values.schema.json} (JSON Schema draft-07, which Helm checks before rendering):
 * a misspelt or mistyped value fails {@code helm template} and {@code helm install} with a message
 * naming it, instead of being ignored.
 */
class ValuesSchemaTest {
    @Test
    void theSchemaIsDraft07AndClosed() throws Exception {
        JsonNode schema = new ObjectMapper()
                .readTree(Repo.chart().resolve("values.schema.json").toFile());
        assertThat(schema.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
        assertThat(schema.path("additionalProperties").asBoolean(true))
                .as("unknown top-level values are refused")
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(ValuesProfile.class)
    void everyValuesProfileStillRenders(ValuesProfile profile) {
        assertThatCode(() -> HelmChart.template(profile, Map.of())).doesNotThrowAnyException();
    }

    /** The one line Helm prints for the mistake, under its preamble. */
    private static String refusal(Map<String, String> sets) {
        try {
            HelmChart.template(ValuesProfile.STANDALONE, sets);
        } catch (IllegalStateException e) {
            assertThat(e.getMessage())
                    .startsWith("values don't meet the specifications of the schema(s) in the following chart(s):\n"
                            + "ams-gateway:\n");
            return e.getMessage()
                    .lines()
                    .filter(l -> l.startsWith("- "))
                    .findFirst()
                    .orElseThrow();
        }
        throw new AssertionError("helm template accepted " + sets);
    }

    @Test
    void aMisspeltKeyVersionIsRefused() {
        assertThat(refusal(Map.of("profiles.sea.keyVersion", "lastest")))
                .isEqualTo("- at '/profiles/sea/keyVersion': 'lastest' does not match pattern '^(latest|[0-9]+)$'");
    }

    @Test
    void aMisspeltProfileKeyIsRefused() {
        assertThat(refusal(Map.of("profiles.sea.upstreamURL", "https://open-sea-global.alipay.com")))
                .isEqualTo("- at '/profiles/sea': additional properties 'upstreamURL' not allowed");
    }

    @Test
    void aMisspeltTopLevelValueIsRefused() {
        assertThat(refusal(Map.of("replicaCont", "3")))
                .isEqualTo("- at '': additional properties 'replicaCont' not allowed");
    }

    @Test
    void wrongValuesAreRefusedWithWhatIsAllowed() {
        assertThat(refusal(Map.of("mode", "sidcar")))
                .isEqualTo("- at '/mode': value must be one of 'standalone', 'sidecar'");
        assertThat(refusal(Map.of("listener.port", "70000")))
                .isEqualTo("- at '/listener/port': maximum: got 70,000, want 65,535");
        assertThat(refusal(Map.of("keys.source", "vault")))
                .isEqualTo("- at '/keys/source': value must be one of 'secret', 'vault-agent', 'vault-kv',"
                        + " 'vault-transit'");
        assertThat(refusal(Map.of("profiles.sea.upstreamUrl", "https://alipay.example/ams")))
                .as("the gateway takes scheme://host[:port], no path")
                .startsWith("- at '/profiles/sea/upstreamUrl': 'https://alipay.example/ams' does not match pattern");
    }

    @Test
    void aProfileWithoutClientIdIsRefused() {
        assertThat(refusal(Map.of("profiles.extra.keySecret", "s")))
                .isEqualTo("- at '/profiles/extra': missing property 'clientId'");
    }

    @Test
    void theNewPodValuesAreTyped() {
        assertThat(refusal(Map.of("extraEnv[0].valu", "x", "extraEnv[0].name", "A")))
                .isEqualTo("- at '/extraEnv/0': additional properties 'valu' not allowed");
        assertThat(refusal(Map.of("topologySpread.whenUnsatisfiable", "Never")))
                .isEqualTo("- at '/topologySpread/whenUnsatisfiable': value must be one of 'DoNotSchedule',"
                        + " 'ScheduleAnyway'");
        assertThat(refusal(Map.of("sidecar.native", "yes"))).startsWith("- at '/sidecar/native': ");
    }
}
