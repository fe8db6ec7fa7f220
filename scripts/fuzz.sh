#!/usr/bin/env bash
# Fuzz one Jazzer target of bgp-wire for a given time.
#
#   bash scripts/fuzz.sh TEST[#METHOD] SECONDS
#   bash scripts/fuzz.sh BgpFrameDecoderFuzzTest 600
#   bash scripts/fuzz.sh 'UpdateFuzzTest#twoOctetAddPath' 60
#
# Jazzer fuzzes one @FuzzTest method per JVM, so each target is its own run. The time limit is
# passed to libFuzzer as -max_total_time through Jazzer's JUnit configuration parameters
# (jazzer.internal.arg.N; argument 0 stands for argv[0]); it overrides the @FuzzTest maxDuration.
# A finding fails the run and is written next to the test's seed corpus as a regression input.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz.sh TEST[#METHOD] SECONDS}
seconds=${2:?usage: fuzz.sh TEST[#METHOD] SECONDS}
case "$seconds" in (*[!0-9]*|'') echo "fuzz.sh: SECONDS must be a whole number, got '$seconds'" >&2; exit 2;; esac

JAZZER_FUZZ=1 ./mvnw -B -q -pl bgp-wire -am test \
  -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.internal.arg.0=jbgp-fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds"
