/**
 * Cryptographic primitives with Tink's shape over JCA: a {@link io.amsgateway.core.crypto.Signer}
 * or {@link io.amsgateway.core.crypto.Verifier} holds exactly one key version, validates it at
 * construction, and throws instead of returning a boolean. {@link
 * io.amsgateway.core.crypto.CryptoProvider} picks ACCP, the JDK or Bouncy Castle; {@link
 * io.amsgateway.core.crypto.PemKeys} parses the key formats merchants use; {@link
 * io.amsgateway.core.crypto.RsaAes} is the (unconfirmed) RSA_AES message encryption.
 */
@NullMarked
package io.amsgateway.core.crypto;

import org.jspecify.annotations.NullMarked;
