package io.amsgateway.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.testing.Vectors;
import io.amsgateway.simulator.MerchantPublicKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator command's {@code --merchant} and {@code --merchants-file} forms. */
class MerchantSpecTest {
    private static final String SPKI =
            Vectors.key("merchant-1").get("publicKeySpkiBase64").asText();

    @Test
    void inlineAndFileFormsParseToTheSameKey(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("m1.b64"), SPKI);
        MerchantPublicKey inline = MerchantSpec.parse("SANDBOX_1=2:base64:" + SPKI, dir);
        MerchantPublicKey file = MerchantSpec.parse("SANDBOX_1=2:m1.b64", dir);

        assertThat(inline.clientId()).isEqualTo("SANDBOX_1");
        assertThat(inline.keyVersion()).isEqualTo(2);
        assertThat(file.publicKey().getEncoded()).isEqualTo(inline.publicKey().getEncoded());
    }

    @Test
    void merchantsFileResolvesPathsAgainstItsDirectoryAndSkipsComments(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("m1.b64"), SPKI);
        Path list = Files.writeString(
                dir.resolve("merchants.txt"), "# merchants\n\nA_1=1:m1.b64\n  B_2=3:base64:" + SPKI + "\n");

        List<MerchantPublicKey> keys = MerchantSpec.parseFile(list);

        assertThat(keys).extracting(MerchantPublicKey::clientId).containsExactly("A_1", "B_2");
        assertThat(keys).extracting(MerchantPublicKey::keyVersion).containsExactly(1, 3);
    }

    @Test
    void malformedSpecsSayWhatTheFormIs(@TempDir Path dir) {
        assertThatThrownBy(() -> MerchantSpec.parse("SANDBOX_1", dir))
                .hasMessageContaining("CLIENT_ID=KEYVERSION:FILE");
        assertThatThrownBy(() -> MerchantSpec.parse("=1:x", dir)).hasMessageContaining("CLIENT_ID=KEYVERSION:FILE");
        assertThatThrownBy(() -> MerchantSpec.parse("S=one:x", dir))
                .hasMessageContaining("KEYVERSION must be a number");
        assertThatThrownBy(() -> MerchantSpec.parse("S=1:base64:bm90IGEga2V5", dir))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
