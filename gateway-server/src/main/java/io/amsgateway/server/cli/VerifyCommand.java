package io.amsgateway.server.cli;

import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.PemKeys;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.protocol.MessageVerifier;
import io.amsgateway.core.protocol.SignedHeaders;
import io.amsgateway.core.protocol.VerifiedMessage;
import io.amsgateway.server.GatewayMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Verifies a signed message (a response from Alipay, a notification, or a request as Alipay
 * would) with the gateway's strict rule. Exit code 0 if it verifies, 1 if not.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Verify a signed body with the strict rule; exit 0 if it verifies, 1 if not.")
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CryptoOptions crypto;

    @Option(
            names = "--public-key",
            required = true,
            description = "Signer's public key file (PEM, base64 or certificate).")
    Path publicKey;

    @Option(
            names = "--key-version",
            defaultValue = "1",
            description = "The public key's version (default: ${DEFAULT-VALUE}).")
    int keyVersion;

    @Option(
            names = "--algorithm",
            defaultValue = "RSA256",
            description = "RSA256 or ECC224 (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--client-id", required = true, description = "The client id the message must be for.")
    String clientId;

    @Option(names = "--path", required = true, description = "Request-target that was signed.")
    String path;

    @Option(names = "--time", required = true, description = "The request-time or response-time header value.")
    String time;

    @Option(names = "--signature", required = true, description = "The signature header value.")
    String signature;

    @Option(names = "--body", required = true, description = "File holding the exact body bytes.")
    Path body;

    @Override
    public Integer call() throws Exception {
        VerifierSet keys = VerifierSet.of(JcaVerifier.create(
                keyVersion,
                SignatureAlgorithm.fromName(algorithm),
                PemKeys.publicKey(Files.readString(publicKey, StandardCharsets.US_ASCII)),
                crypto.provider()));
        try {
            VerifiedMessage m = MessageVerifier.verify(
                    "POST",
                    path,
                    clientId,
                    new SignedHeaders(clientId, time, signature),
                    Files.readAllBytes(body),
                    keys);
            spec.commandLine()
                    .getOut()
                    .println("VERIFIED keyVersion=" + m.keyVersion() + " algorithm=" + m.algorithm());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (VerificationException e) {
            spec.commandLine().getErr().println("REJECTED " + e.reason() + ": " + e.getMessage());
            return GatewayMain.EXIT_REJECTED;
        }
    }
}
