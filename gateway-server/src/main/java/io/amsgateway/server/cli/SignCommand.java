package io.amsgateway.server.cli;

import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.PemKeys;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.protocol.RequestSigning;
import io.amsgateway.core.protocol.SandboxRewrite;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Signs a body file as the gateway would and prints the headers to send (a debugging aid). */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        description = "Sign a request body and print the Client-Id, Request-Time and Signature headers.")
public final class SignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CryptoOptions crypto;

    @Option(names = "--key", required = true, description = "Merchant private key file (PEM or single-line base64).")
    Path key;

    @Option(names = "--client-id", required = true, description = "Client id.")
    String clientId;

    @Option(names = "--key-version", defaultValue = "1", description = "Key version (default: ${DEFAULT-VALUE}).")
    int keyVersion;

    @Option(
            names = "--algorithm",
            defaultValue = "RSA256",
            description = "RSA256 or ECC224 (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--path", required = true, description = "Request-target, e.g. /ams/api/v1/payments/pay.")
    String path;

    @Option(names = "--body", required = true, description = "File holding the exact body bytes.")
    Path body;

    @Option(names = "--time", description = "Request-Time to sign (default: now, epoch milliseconds).")
    String time;

    @Override
    public Integer call() throws Exception {
        SignatureAlgorithm alg = SignatureAlgorithm.fromName(algorithm);
        JcaSigner signer = JcaSigner.create(
                clientId,
                keyVersion,
                alg,
                PemKeys.privateKey(Files.readString(key, StandardCharsets.US_ASCII)),
                crypto.provider());
        String target = SandboxRewrite.DEFAULT.apply(clientId, path);
        String requestTime = time != null ? time : Long.toString(System.currentTimeMillis());
        String signature = RequestSigning.signatureHeader(
                        signer, clientId, "POST", target, requestTime, Files.readAllBytes(body))
                .toCompletableFuture()
                .join();
        PrintWriter w = spec.commandLine().getOut();
        if (!target.equals(path)) {
            w.println("# sandbox client: signed and to be sent as " + target);
        }
        w.println("Client-Id: " + clientId);
        w.println("Request-Time: " + requestTime);
        w.println("Signature: " + signature);
        w.flush();
        return 0;
    }
}
