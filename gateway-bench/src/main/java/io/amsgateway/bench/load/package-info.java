/**
 * The end-to-end load benchmark: {@link io.amsgateway.bench.load.LoadBench} starts the AMS
 * simulator and the gateway as their own JVMs, drives closed-loop HTTP/1.1 load at fixed
 * concurrency with a Netty client, and reports throughput, latency percentiles (HdrHistogram),
 * the gateway process's CPU time per call and the crypto floor measured in the same run, beside
 * nginx as a pure proxy ({@link io.amsgateway.bench.load.NginxProxy}) when it is installed; {@link
 * io.amsgateway.bench.load.SizesBench} measures cost against body size and event loops. Never run by
 * the test suite; see {@code docs/benchmarks.md}.
 */
@NullMarked
package io.amsgateway.bench.load;

import org.jspecify.annotations.NullMarked;
