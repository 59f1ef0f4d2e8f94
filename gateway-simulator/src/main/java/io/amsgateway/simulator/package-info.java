/**
 * A local AMS simulator: the other side of the wire. It serves Alipay's payment APIs over HTTPS,
 * checks every request as Alipay does (method, media type, client id, key version, signature),
 * signs every response with its own "Alipay" key, keeps payments and refunds in memory, sends
 * signed notifications with Alipay's retry schedule, and injects faults on demand. Start it with
 * {@link io.amsgateway.simulator.AmsSimulator}.
 */
@NullMarked
package io.amsgateway.simulator;

import org.jspecify.annotations.NullMarked;
