/**
 * One call as plain objects, between the edge ({@code pipeline}) and the services ({@code proxy},
 * {@code notify}): the per-call {@link io.amsgateway.server.call.CallContext}, the one-method
 * {@link io.amsgateway.server.call.CallHandler} every service is, the {@link
 * io.amsgateway.server.call.CallStep}s that may stand in front of one, the typed {@link
 * io.amsgateway.server.call.CallResult}, and the one exit ({@link
 * io.amsgateway.server.call.CallExit}): {@link io.amsgateway.server.call.Answers} renders every
 * answer and {@link io.amsgateway.server.call.CallRecorder} records it. No {@code ByteBuf} enters
 * this package. See {@code docs/request-path.md}.
 */
@NullMarked
package io.amsgateway.server.call;

import org.jspecify.annotations.NullMarked;
