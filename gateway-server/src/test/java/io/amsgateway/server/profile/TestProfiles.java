package io.amsgateway.server.profile;

import com.typesafe.config.ConfigFactory;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.testing.TestKeys;
import io.amsgateway.server.config.GatewayConfig;
import io.amsgateway.server.config.ProfileConfig;
import io.amsgateway.server.keys.KeySources;
import io.amsgateway.server.metrics.GatewayMetrics;
import io.amsgateway.server.upstream.Upstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/**
 * One real profile ("sandbox") with real file keys, in front of the {@link Upstream} a test gives:
 * what a service needs to run a call without a socket.
 */
public final class TestProfiles implements AutoCloseable {
    public static final String CLIENT_ID = "SANDBOX_5Y00000000000001";

    public final KeyPair merchant = TestKeys.rsa();
    public final KeyPair alipay = TestKeys.rsa();
    public final GatewayConfig cfg;
    public final GatewayMetrics metrics = new GatewayMetrics("test");
    public final ProfileRegistry registry;
    private final KeySources keySources;

    /** {@code extraHocon} is added to the configuration and wins. */
    public TestProfiles(Path dir, Upstream upstream, String extraHocon) {
        try {
            Path merchantKey = Files.writeString(dir.resolve("merchant.pem"), TestKeys.privatePem(merchant));
            Path alipayKey = Files.writeString(dir.resolve("alipay.pem"), TestKeys.publicPem(alipay));
            String hocon = "gateway.profiles.sandbox {\n"
                    + "  client-id = \"" + CLIENT_ID + "\"\n"
                    + "  merchant-private-key-file = \"" + merchantKey + "\"\n"
                    + "  alipay-public-keys = [ { version = 1, file = \"" + alipayKey + "\" } ]\n"
                    + "  upstream.url = \"https://localhost:1\"\n"
                    + "}\n" + extraHocon;
            cfg = GatewayConfig.from(ConfigFactory.parseString(hocon)
                    .withFallback(ConfigFactory.defaultReference())
                    .resolve());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keySources = new KeySources(cfg, CryptoProvider.jdk(), metrics);
        ProfileConfig p = cfg.profiles().get("sandbox");
        registry = new ProfileRegistry(List.of(new ClientProfile(p, keySources.cached(p), upstream)), "sandbox");
    }

    @Override
    public void close() {
        registry.all().forEach(ClientProfile::close);
        keySources.close();
    }
}
