/**
 * The simulated AMS business logic, free of Netty and of signatures: payments and refunds held in
 * bounded in-memory stores, Alipay's idempotency rules, and response bodies shaped as in Alipay's
 * API reference. {@link io.amsgateway.simulator.ams.AmsApi} is the entry point; it takes a
 * verified, decrypted JSON body and returns the JSON body to sign.
 */
@NullMarked
package io.amsgateway.simulator.ams;

import org.jspecify.annotations.NullMarked;
