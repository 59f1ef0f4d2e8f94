package io.amsgateway.simulator;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A rendered answer, ready to write: status, exact body bytes (already signed or encrypted) and
 * headers with lower-case names in the order Alipay sends them.
 *
 * @param status the HTTP status
 * @param body the exact body bytes
 * @param headers header names (lower-case) to values
 * @param transportFault a fault for the writer ({@link FaultMode#DELAY}, {@link FaultMode#RESET},
 *     {@link FaultMode#SLOW_BODY}), or null
 */
record Reply(int status, byte[] body, Map<String, String> headers, @Nullable Fault transportFault) {}
