/**
 * Logs as JSON lines with secrets masked: {@link io.amsgateway.server.logging.JsonEncoder}
 * (logstash-logback-encoder with ECS field names) for Logback, {@link io.amsgateway.server.logging.Redaction} for PEM blocks, base64 runs, signature
 * values and card numbers, and {@link io.amsgateway.server.logging.AccessLog} for one structured
 * line per proxied call (never a body).
 */
@NullMarked
package io.amsgateway.server.logging;

import org.jspecify.annotations.NullMarked;
