/**
 * The AMS wire protocol as bytes: the content to be signed ({@link
 * io.amsgateway.core.protocol.SignContent}), the {@code Signature} and {@code Encrypt} header
 * codecs, verification of responses and notifications ({@link
 * io.amsgateway.core.protocol.MessageVerifier}), the sandbox path rewrite and Alipay's result
 * shape. Nothing here parses or re-serialises a body: bodies are signed and verified as the exact
 * bytes on the wire. See {@code docs/protocol.md} for every rule and where it comes from.
 */
@NullMarked
package io.amsgateway.core.protocol;

import org.jspecify.annotations.NullMarked;
