package io.amsgateway.server.cli;

import io.amsgateway.core.crypto.PemKeys;
import io.amsgateway.simulator.AmsSimulator;
import io.amsgateway.simulator.BoundPorts;
import io.amsgateway.simulator.MerchantPublicKey;
import io.amsgateway.simulator.SimulatorConfig;
import io.amsgateway.simulator.TlsIdentity;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the local AMS simulator (gateway-simulator) until interrupted: HTTPS with a generated
 * certificate unless one is given, the merchants' public keys from {@code --merchant} or a
 * merchants file, and the control endpoint for faults on 127.0.0.1.
 */
@Command(
        name = "simulator",
        mixinStandardHelpOptions = true,
        description = "Run a local AMS simulator (Alipay's side of the wire) until Ctrl-C.")
public final class SimulatorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CryptoOptions crypto;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "8443", description = "AMS port, 0 for any (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--control-port",
            defaultValue = "8444",
            description = "Control endpoint port on 127.0.0.1, 0 for any, -1 for none (default: ${DEFAULT-VALUE}).")
    int controlPort;

    @Option(names = "--plain-http", description = "Serve plain HTTP instead of HTTPS.")
    boolean plainHttp;

    @Option(
            names = "--cert-out",
            paramLabel = "FILE",
            description = "Write the TLS certificate (PEM) here for the gateway to trust.")
    Path certOut;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            description = "Serve this PEM certificate chain instead of a generated one.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The private key of --tls-cert.")
    Path tlsKey;

    @Option(
            names = "--alipay-key",
            paramLabel = "FILE",
            description = "The simulator's Alipay private key (default: generated).")
    Path alipayKey;

    @Option(
            names = "--alipay-key-version",
            defaultValue = "1",
            description = "keyVersion of its signatures (default: ${DEFAULT-VALUE}).")
    int alipayKeyVersion;

    @Option(
            names = "--alipay-public-key-out",
            paramLabel = "FILE",
            description = "Write the Alipay public key (PEM) here.")
    Path alipayPublicKeyOut;

    @Option(
            names = "--merchant",
            paramLabel = "CLIENT_ID=KEYVERSION:FILE",
            description = "A merchant public key; FILE may be base64:<key>. Repeatable.")
    List<String> merchants = new ArrayList<>();

    @Option(names = "--merchants-file", paramLabel = "FILE", description = "One CLIENT_ID=KEYVERSION:FILE per line.")
    Path merchantsFile;

    @Option(
            names = "--notify-schedule-scale",
            defaultValue = "1.0",
            description = "Compress Alipay's notification retry schedule, e.g. 0.001 (default: ${DEFAULT-VALUE}).")
    double notifyScheduleScale;

    @Option(
            names = "--api-key-file",
            paramLabel = "FILE",
            description = "A file holding one API key Alipay accepts (Authorization: Bearer); from a file, never"
                    + " the command line. Repeatable.")
    List<Path> apiKeyFiles = new ArrayList<>();

    @Option(names = "--unsigned-errors", description = "Answer requests that fail a check without a signature.")
    boolean unsignedErrors;

    @Option(
            names = "--max-body-bytes",
            defaultValue = "2097152",
            description = "Largest request body (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Override
    public Integer call() throws Exception {
        SimulatorConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        AmsSimulator sim = new AmsSimulator(config);
        CountDownLatch stopped = new CountDownLatch(1);
        BoundPorts ports = sim.start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            sim.close();
                            stopped.countDown();
                        },
                        "ams-simulator-shutdown"));
        out.println("AMS simulator listening on " + ports.baseUri() + " ("
                + config.merchants().size() + " merchant keys)");
        out.println(
                ports.controlPort() < 0
                        ? "control endpoint: off"
                        : "control endpoint: " + ports.controlUri() + "/faults, /state");
        if (certOut != null && ports.tls()) {
            out.println("TLS certificate written to " + certOut);
        }
        if (alipayPublicKeyOut != null) {
            out.println("Alipay public key written to " + alipayPublicKeyOut);
        } else if (alipayKey == null) {
            out.println("Alipay public key (generated; verify responses with it):");
            out.print(pem(sim.alipayPublicKey().getEncoded()));
        }
        out.flush();
        stopped.await();
        return 0;
    }

    SimulatorConfig config() throws Exception {
        List<MerchantPublicKey> keys = new ArrayList<>();
        for (String m : merchants) {
            keys.add(MerchantSpec.parse(m, Path.of("")));
        }
        if (merchantsFile != null) {
            keys.addAll(MerchantSpec.parseFile(merchantsFile));
        }
        if (keys.isEmpty() && apiKeyFiles.isEmpty()) {
            throw new IllegalArgumentException("give at least one --merchant, a --merchants-file or an --api-key-file");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        SimulatorConfig.Builder b = SimulatorConfig.builder()
                .bindAddress(bind)
                .port(port)
                .controlPort(controlPort)
                .plainHttp(plainHttp)
                .certificateOut(certOut)
                .alipayKeyVersion(alipayKeyVersion)
                .alipayPublicKeyOut(alipayPublicKeyOut)
                .merchants(keys)
                .notifyScheduleScale(notifyScheduleScale)
                .maxBodyBytes(maxBodyBytes)
                .signErrorResponses(!unsignedErrors)
                .cryptoProvider(crypto.provider());
        for (Path f : apiKeyFiles) {
            b.apiKey(Files.readString(f, StandardCharsets.US_ASCII).strip());
        }
        if (alipayKey != null) {
            b.alipayPrivateKey(PemKeys.privateKey(Files.readString(alipayKey, StandardCharsets.US_ASCII)));
        }
        if (tlsCert != null) {
            b.tls(TlsIdentity.fromPem(
                    Files.readString(tlsKey, StandardCharsets.US_ASCII),
                    Files.readString(tlsCert, StandardCharsets.US_ASCII)));
        }
        return b.build();
    }

    private static String pem(byte[] spki) {
        return KeygenCommand.pem("PUBLIC KEY", spki);
    }
}
