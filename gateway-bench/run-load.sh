#!/usr/bin/env bash
# End-to-end load benchmark (docs/benchmarks.md, "End-to-end proxy load").
#
# Builds nothing: checks the two jars, then runs io.amsgateway.bench.load.LoadBench, which starts
# the AMS simulator and the gateway as child JVMs on 127.0.0.1, runs every phase, prints the
# summary and writes bench-results/load-<UTC time>/ (with the plots latency.png and
# cpu-per-call.png). Extra arguments go to LoadBench (see
# BenchOptions), e.g. --concurrency 1,4,16 --measure 10.
#
# `run-load.sh listener-tls [options]` runs ListenerTlsBench: the gateway with a plain, a TLS and
# an mTLS listener (keep-alive), CPU per call side by side in one run.
#
# `run-load.sh soak [options]` runs SoakBench: the gateway with the chart's JVM settings, its ready
# time over several starts, its RSS idle and after a saturation phase, then a steady run
# (--soak-minutes, default 10; about 12 minutes in all) sampled into soak.csv and soak.png.
#
# `run-load.sh keys [options]` runs KeyModesBench instead: the gateway with each key source (file,
# vault-kv, vault-transit against a fake Vault in the bench JVM, pkcs11 against a SoftHSM2 token
# made for the run), side by side in one run.
#
# `run-load.sh sizes [options]` runs SizesBench: CPU per call of the crypto floor, the gateway and
# nginx for 1 KiB, 16 KiB, 64 KiB and 1 MiB bodies, then the gateway with 1 and 2 event loops.
#
# LoadBench and SizesBench start nginx beside the gateway when nginx is installed (on PATH or
# /usr/sbin/nginx); its master's pid goes to the pid file too, and the master ends its workers.
#
# Whatever happens (Ctrl-C, a failure, the time limit), the trap ends the processes this script
# started: LoadBench and the children whose pids it recorded. Nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_JAR=gateway-bench/target/gateway-bench.jar
GATEWAY_JAR=gateway-server/target/ams-gateway.jar
TIME_LIMIT=${AMS_LOAD_TIME_LIMIT:-900}
for jar in "$BENCH_JAR" "$GATEWAY_JAR"; do
  if [[ ! -f $jar ]]; then
    echo "missing $jar; build with: mvn -B -q -pl gateway-server,gateway-bench -am package -DskipTests" >&2
    exit 2
  fi
done

mkdir -p bench-results
PID_FILE=$(mktemp bench-results/.load-pids.XXXXXX)
BENCH_PID=""

cleanup() {
  local pid
  if [[ -n $BENCH_PID ]] && kill -0 "$BENCH_PID" 2>/dev/null; then
    kill -TERM "$BENCH_PID" 2>/dev/null || true
    sleep 3
  fi
  while read -r pid; do
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      sleep 2
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
  done <"$PID_FILE"
  rm -f "$PID_FILE"
}
trap cleanup EXIT INT TERM

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
MAIN=io.amsgateway.bench.load.LoadBench
if [[ ${1:-} == listener-tls ]]; then
  # The callers' listener side by side (plain HTTP, TLS, mTLS): ListenerTlsBench.
  MAIN=io.amsgateway.bench.load.ListenerTlsBench
  shift
elif [[ ${1:-} == soak ]]; then
  # Ready time, RSS with the chart's JVM settings, a steady run (--soak-minutes, default 10): SoakBench.
  MAIN=io.amsgateway.bench.load.SoakBench
  shift
elif [[ ${1:-} == sizes ]]; then
  # Cost against body size and event loops: SizesBench.
  MAIN=io.amsgateway.bench.load.SizesBench
  shift
elif [[ ${1:-} == keys ]]; then
  # The key sources side by side (file, vault-kv, vault-transit): KeyModesBench.
  MAIN=io.amsgateway.bench.load.KeyModesBench
  # pkcs11: SoftHSM2 reads this file (written by the bench, pointing at a fresh token directory)
  # in the gateway's JVM, which inherits it.
  export SOFTHSM2_CONF=${SOFTHSM2_CONF:-$PWD/bench-results/softhsm2.conf}
  shift
fi
timeout --signal=TERM "$TIME_LIMIT" \
  java -cp "$BENCH_JAR" "$MAIN" \
    --jar "$GATEWAY_JAR" --out bench-results --pid-file "$PID_FILE" "$@" &
BENCH_PID=$!
status=0
wait "$BENCH_PID" || status=$?
BENCH_PID=""
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exit "$status"
