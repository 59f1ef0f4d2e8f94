/**
 * JMH benchmarks of the gateway's hot path. Never run by the test suite; see {@code
 * docs/benchmarks.md} for how to run them and what they measured.
 */
@NullMarked
package io.amsgateway.bench;

import org.jspecify.annotations.NullMarked;
