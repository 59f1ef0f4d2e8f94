package io.amsgateway.server;

/**
 * The gateway's version, as the runnable jar's manifest states it ({@code Implementation-Version},
 * set from {@code <revision>} in the root pom.xml), or {@code dev} when running from classes. The
 * one reader of it: the {@code User-Agent} sent to Alipay, {@code gateway_build_info}, {@code
 * --version} and the tracer's scope all take it from here.
 */
public final class GatewayVersion {
    private static final String CURRENT = read();

    private GatewayVersion() {}

    /** This build's version, e.g. {@code 0.2.0}, or {@code dev}. */
    public static String current() {
        return CURRENT;
    }

    private static String read() {
        String v = GatewayVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
