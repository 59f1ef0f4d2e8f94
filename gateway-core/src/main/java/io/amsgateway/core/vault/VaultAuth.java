package io.amsgateway.core.vault;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the client obtains its Vault token. Secret values (a token, a secret id) never appear in
 * {@code toString}; files are named, since their paths are not secret.
 *
 * <p>Files are read by the client on its own threads, never on the caller's: when it first needs a
 * token, and again whenever Vault refuses the token (a Vault Agent sink file is rewritten when the
 * agent rotates the token).
 */
public sealed interface VaultAuth {
    /** The method's name for logs and metrics: {@code token}, {@code kubernetes} or {@code approle}. */
    String method();

    /**
     * A token given as is: read from {@code file} (re-read whenever Vault refuses the token), or a
     * value taken from an environment variable. Exactly one of the two is set. A renewable token
     * is renewed; a non-renewable one (a root or batch token) never is.
     */
    record Token(@Nullable Path file, @Nullable String value) implements VaultAuth {
        public Token {
            if ((file == null) == (value == null)) {
                throw new IllegalArgumentException("a token comes from exactly one of a file or a value");
            }
            if (value != null && value.isBlank()) {
                throw new IllegalArgumentException("the token value is empty");
            }
        }

        /** A token read from {@code file}, e.g. a Vault Agent sink. */
        public static Token fromFile(Path file) {
            return new Token(Objects.requireNonNull(file, "file"), null);
        }

        /** A token value, e.g. the content of {@code VAULT_TOKEN}. */
        public static Token fromValue(String value) {
            return new Token(null, Objects.requireNonNull(value, "value"));
        }

        @Override
        public String method() {
            return "token";
        }

        @Override
        public String toString() {
            return file != null ? "Token[file=" + file + "]" : "Token[value=****]";
        }
    }

    /**
     * Kubernetes auth: {@code POST /v1/auth/<mount>/login} with {@code {"role","jwt"}}, the JWT
     * being the pod's service account token read from {@code jwtFile}.
     */
    record Kubernetes(String mount, String role, Path jwtFile) implements VaultAuth {
        /** The default mount, {@code kubernetes}. */
        public static final String DEFAULT_MOUNT = "kubernetes";
        /** Where Kubernetes mounts the service account token. */
        public static final Path DEFAULT_JWT_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

        public Kubernetes {
            VaultPaths.checkMount(mount);
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(jwtFile, "jwtFile");
            if (role.isBlank()) {
                throw new IllegalArgumentException("the Kubernetes auth role is empty");
            }
        }

        /** The default mount and service account token file. */
        public static Kubernetes ofRole(String role) {
            return new Kubernetes(DEFAULT_MOUNT, role, DEFAULT_JWT_FILE);
        }

        @Override
        public String method() {
            return "kubernetes";
        }
    }

    /**
     * AppRole auth: {@code POST /v1/auth/<mount>/login} with {@code {"role_id","secret_id"}}, the
     * secret id given as a value or read from {@code secretIdFile} (exactly one of the two).
     */
    record AppRole(String mount, String roleId, @Nullable String secretId, @Nullable Path secretIdFile)
            implements VaultAuth {
        /** The default mount, {@code approle}. */
        public static final String DEFAULT_MOUNT = "approle";

        public AppRole {
            VaultPaths.checkMount(mount);
            Objects.requireNonNull(roleId, "roleId");
            if (roleId.isBlank()) {
                throw new IllegalArgumentException("the AppRole role id is empty");
            }
            if ((secretId == null) == (secretIdFile == null)) {
                throw new IllegalArgumentException("an AppRole secret id comes from exactly one of a value or a file");
            }
        }

        @Override
        public String method() {
            return "approle";
        }

        @Override
        public String toString() {
            return "AppRole[mount=" + mount + ", roleId=" + roleId + ", secretId="
                    + (secretIdFile != null ? "file " + secretIdFile : "****") + "]";
        }
    }
}
