package io.amsgateway.core.key;

import java.util.Objects;

/**
 * A Vault path or key name with a {@code {client-id}} placeholder, e.g. {@code ams/{client-id}}.
 * Immutable.
 */
final class ClientIdTemplate {
    static final String PLACEHOLDER = "{client-id}";

    private final String template;

    ClientIdTemplate(String template) {
        Objects.requireNonNull(template, "template");
        if (template.isBlank()) {
            throw new IllegalArgumentException("the Vault path template is empty");
        }
        this.template = template;
    }

    /** The template with every {@code {client-id}} replaced by {@code clientId}. */
    String apply(String clientId) {
        if (clientId.indexOf('/') >= 0 || clientId.equals(".") || clientId.equals("..")) {
            throw new IllegalArgumentException("a client id used in a Vault path must not contain '/'");
        }
        return template.replace(PLACEHOLDER, clientId);
    }

    /** {@link #apply} as a stage, failed rather than thrown for a client id unfit for a path. */
    java.util.concurrent.CompletableFuture<String> applyAsync(String clientId) {
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(apply(clientId));
        } catch (IllegalArgumentException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String toString() {
        return template;
    }
}
