#!/usr/bin/env bash
# The full-table race: one sender feeds each receiver in turn on loopback and times it from
# Established until all routes are in the receiver's RIB, with the receiver's peak RSS.
#
# usage: benchmarks/race.sh [N...]            (default: 100000 1000000)
# environment:
#   RECEIVERS="bird2 frr gobgp jbgp jbgp-soft jbgp-1g sink"   which receivers, in this order
#                                      ("sink" is dev.jbgp.bench.RaceSink: it only frames and counts, so its
#                                      row is what the sender alone can deliver)
#   RUNS=3                             runs per receiver and N (the table shows the median, min-max)
#   PATHS=1000                         distinct attribute sets in the table
#   JBGP_JVM="-Xmx256m -Xmn64m -XX:MaxTenuringThreshold=0 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=64m -Xss256k"
#                                      the TableReceiver's JVM flags as receiver "jbgp":
#                                      sized for the 1,000,000-route table (~75 MiB live after a full GC)
#                                      with the serial collector and the C1 compiler only (the C2
#                                      compiler's work costs more CPU than it saves in a receive this
#                                      short); a 64 MiB young generation whose survivors go straight to
#                                      the old one (a received route lives as long as the session, so
#                                      copying it between survivor spaces is wasted: GC 130 -> 50 ms per
#                                      1M routes against -Xmn24m, peak RSS no higher; benchmarks/README.md
#                                      has the measurements)
#   JBGP_ARGS=""                       TableReceiver options of receivers "jbgp" and "jbgp-1g" (the
#                                      speaker's defaults: no pre-policy copy of the routes, as BIRD and FRR
#                                      by default; route ages cost nothing: each route carries its time);
#                                      "jbgp-soft" adds --soft-reconfiguration (a pre-policy copy kept)
#   JBGP_JVM_SOFT="-Xmx384m ..."      receiver "jbgp-soft": the same flags with room for the pre-policy copy
#   JBGP_JVM_1G="-Xms1g -Xmx1g -XX:+UseParallelGC"  a big pre-sized heap, as receiver "jbgp-1g"
#   SENDER=java                        java: dev.jbgp.bench.RaceSender (with SENDER_JVM); python: the
#                                      same bytes written by sender.py itself
#   OUT=benchmarks/target/race         results.tsv, race.svg, per-run logs
#   JBGP_JAR=benchmarks/target/benchmarks.jar   the jar the jbgp receivers and the Java sender run from
#                                      (another build's, to race a baseline back to back)
#
# Run from the repository root after `./mvnw -B -o -q -pl benchmarks -am package -DskipTests`.
# BIRD 2, FRR and GoBGP are started with testkit's launcher (dev.jbgp.testkit.daemon.DaemonCli,
# the one the interop tests use), passive on 127.0.88.2 AS 64902; jbgp's receiver is
# dev.jbgp.bench.TableReceiver on the same address. The sender (dev.jbgp.bench.RaceSender, started
# by benchmarks/race/sender.py, which keeps the stopwatch) connects from 127.0.88.1 AS 64901, writes
# a pre-encoded stream of N /24s as fast as the socket takes it; sender.py polls the receiver's route
# count (BIRD/FRR over one control-socket connection every 20 ms with a command whose cost does not
# grow with the table, GoBGP through its CLI every 200 ms, jbgp from its progress output; jbgp's own
# measurement from its Established is shown beside it). Peak RSS is the receiver process's VmHWM;
# CPU s is the receiver's user + system time (all threads: a JVM's JIT and GC included) from the
# stopwatch's start to the last poll, a figure that suffers less than wall time on a busy machine.
# The JVM's fixed overhead is measured too: the peak RSS of the same TableReceiver JVM idle for 3 s
# (listening, no session, no routes) with the same flags and without the speaker's start-up warm-up
# (JBGP_IDLE_ARGS, default "--warm-up 0": the heap the warm-up touches is the speaker's cost, not the
# JVM's; set JBGP_IDLE_ARGS="" for a jar whose TableReceiver predates --warm-up).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
NS=("$@"); [ ${#NS[@]} -gt 0 ] || NS=(100000 1000000)
RECEIVERS=${RECEIVERS:-"bird2 frr gobgp jbgp jbgp-soft jbgp-1g sink"}
RUNS=${RUNS:-3}
PATHS=${PATHS:-1000}
SENDER=${SENDER:-java}
SENDER_JVM=${SENDER_JVM:-"-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"}
JBGP_JVM=${JBGP_JVM:-"-Xmx256m -Xmn64m -XX:MaxTenuringThreshold=0 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=64m -Xss256k"}
JBGP_ARGS=${JBGP_ARGS:-""}
JBGP_JVM_SOFT=${JBGP_JVM_SOFT:-"-Xmx384m -Xmn64m -XX:MaxTenuringThreshold=0 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=64m -Xss256k"}
JBGP_JVM_1G=${JBGP_JVM_1G:-"-Xms1g -Xmx1g -XX:+UseParallelGC"}
OUT=${OUT:-$ROOT/benchmarks/target/race}
JBGP_IDLE_ARGS=${JBGP_IDLE_ARGS-"--warm-up 0"}
SA=127.0.88.1; SASN=64901; RA=127.0.88.2; RASN=64902; API=50088
JAR=${JBGP_JAR:-$ROOT/benchmarks/target/benchmarks.jar}
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -o -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
mkdir -p "$OUT"

# testkit's launcher and its runtime dependencies (Jackson), as the tests see them
CP_FILE=$OUT/testkit.classpath
if [ ! -s "$CP_FILE" ]; then
  ./mvnw -B -o -q -pl testkit dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2
fi
TESTKIT_CP=$(ls "$ROOT"/testkit/target/jbgp-testkit-*.jar | grep -v sources | head -1):$(cat "$CP_FILE")

receiver_pid=""; launcher_pid=""
cleanup() {
  [ -n "$launcher_pid" ] && kill "$launcher_pid" 2>/dev/null && wait "$launcher_pid" 2>/dev/null || true
  launcher_pid=""; receiver_pid=""
}
trap cleanup EXIT

# start_receiver NAME N LOG: sets launcher_pid, receiver_pid, kind, target
start_receiver() {
  local name=$1 n=$2 log=$3
  case "$name" in
    jbgp|jbgp-soft|jbgp-1g|sink)
      local jvm=$JBGP_JVM main=dev.jbgp.bench.TableReceiver args=$JBGP_ARGS
      [ "$name" = jbgp-1g ] && jvm=$JBGP_JVM_1G
      [ "$name" = jbgp-soft ] && jvm=$JBGP_JVM_SOFT args="--soft-reconfiguration"
      [ "$name" = sink ] && main=dev.jbgp.bench.RaceSink args=""
      # shellcheck disable=SC2086
      java $jvm -cp "$JAR" $main --local-address $RA --local-as $RASN \
        --peer $SA --peer-as $SASN --passive --expect "$n" --hold 240 $args > "$log" 2>&1 &
      launcher_pid=$!; receiver_pid=$launcher_pid; kind=jbgp; target=$log
      for _ in $(seq 1 100); do grep -q 'listening\|t=' "$log" 2>/dev/null && break; sleep 0.1; done
      ;;
    bird2|frr|gobgp)
      local extra=""
      [ "$name" = gobgp ] && extra="--api-port $API"
      # shellcheck disable=SC2086
      java -cp "$TESTKIT_CP" dev.jbgp.testkit.daemon.DaemonCli run "$name" --addr $RA --asn $RASN \
        --peer $SA --peer-asn $SASN --passive --hold 240 $extra > "$log" 2>&1 &
      launcher_pid=$!
      for _ in $(seq 1 300); do grep -q '^started' "$log" 2>/dev/null && break; sleep 0.1; done
      grep -q '^started' "$log" || { echo "$name did not start, see $log" >&2; cat "$log" >&2; return 1; }
      receiver_pid=$(sed -n 's/^started .* pid=\([0-9]*\) .*/\1/p' "$log")
      local dir; dir=$(sed -n 's/^started .* dir=\(.*\)$/\1/p' "$log")
      case "$name" in
        bird2) kind=bird; target=$dir/bird.ctl ;;
        frr) kind=frr; target=$dir ;;
        gobgp) kind=gobgp; target=$RA:$API ;;
      esac
      ;;
    *) echo "unknown receiver $name" >&2; return 1 ;;
  esac
}

RESULTS=$OUT/results.tsv
printf 'receiver\tn\trun\tseconds\town_seconds\tpeak_rss_mib\tcpu_seconds\n' > "$RESULTS"
for n in "${NS[@]}"; do
  for name in $RECEIVERS; do
    for run in $(seq 1 "$RUNS"); do
      log=$OUT/$name-$n-$run.log
      start_receiver "$name" "$n" "$log"
      poll=0.02; [ "$name" = gobgp ] && poll=0.2
      sender_args=()
      [ "$SENDER" = java ] && sender_args=(--java "$JAR" --java-flags "$SENDER_JVM")
      json=$(python3 "$ROOT/benchmarks/race/sender.py" --local $SA --peer $RA --asn $SASN --peer-asn $RASN \
        -n "$n" --paths "$PATHS" --kind "$kind" --target "$target" --pid "$receiver_pid" --poll $poll \
        --timeout 900 "${sender_args[@]}") || json='{"error":"sender failed"}'
      echo "$name N=$n run $run: $json" >&2
      python3 - "$name" "$n" "$run" "$json" >> "$RESULTS" <<'PY'
import json, sys
name, n, run, raw = sys.argv[1:5]
d = json.loads(raw)
if "seconds" not in d:
    sys.exit(0)
own = d.get("own_seconds")
cpu = d.get("cpu_seconds")
print("\t".join([name, n, run, "%.3f" % d["seconds"], "" if own is None else "%.3f" % own,
                 "%.0f" % (d.get("peak_rss_kib", 0) / 1024), "" if cpu is None else "%.2f" % cpu]))
PY
      cleanup
      sleep 1
    done
  done
done

# the JVM's fixed overhead: the same receiver JVM, idle (listening, no session) for 3 s
idle_rss() {
  local jvm=$1 pid
  # shellcheck disable=SC2086
  java $jvm -cp "$JAR" dev.jbgp.bench.TableReceiver --local-address $RA --local-as $RASN --peer $SA \
    --peer-as $SASN --passive --expect 1 $JBGP_IDLE_ARGS > "$OUT/idle.log" 2>&1 &
  pid=$!; sleep 3
  awk '/^VmHWM:/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
IDLE=$(idle_rss "$JBGP_JVM"); IDLE_1G=$(idle_rss "$JBGP_JVM_1G")

# the table and the chart
python3 - "$RESULTS" "$OUT/race.svg" "$JBGP_JVM" "$JBGP_JVM_1G" "$IDLE" "$IDLE_1G" "$SENDER" "$JBGP_ARGS" "$JBGP_JVM_SOFT" <<'PY'
import statistics, sys
results, svg_path, jvm, jvm_1g, idle, idle_1g, sender, jbgp_args, jvm_soft = sys.argv[1:10]
rows = [l.rstrip("\n").split("\t") for l in open(results)][1:]
keys = []
for r in rows:
    if (r[0], r[1]) not in keys:
        keys.append((r[0], r[1]))
summary = []
print("| receiver | N | median s (Established -> all routes) | min-max s | peak RSS MiB | median CPU s |")
print("| --- | --- | --- | --- | --- | --- |")
for name, n in keys:
    rs = [r for r in rows if r[0] == name and r[1] == n]
    t = [float(r[3]) for r in rs]
    own = [float(r[4]) for r in rs if r[4]]
    m = [float(r[5]) for r in rs]
    cpu = [float(r[6]) for r in rs if len(r) > 6 and r[6]]
    label = name + (" (own clock: median %.3f s)" % statistics.median(own) if own else "")
    print("| %s | %s | %.3f | %.3f-%.3f | %.0f | %s |" % (label, "{:,}".format(int(n)), statistics.median(t), min(t),
                                                        max(t), max(m),
                                                        "%.2f" % statistics.median(cpu) if cpu else "-"))
    summary.append((name, int(n), statistics.median(t), max(m)))
print("\njbgp JVM flags: %s (fixed overhead: %s MiB peak RSS idle); jbgp/jbgp-1g options: %s; jbgp-soft: "
      "%s with --soft-reconfiguration; jbgp-1g: %s (%s MiB idle); sender: %s; %d runs each; shared 2-core machine"
      % (jvm, idle, jbgp_args, jvm_soft, jvm_1g, idle_1g, sender, max(int(r[2]) for r in rows) if rows else 0))

# SVG: per N, two panels (seconds, MiB), one bar per receiver
ns = sorted({s[1] for s in summary})
colours = {"bird2": "#4e79a7", "frr": "#f28e2b", "gobgp": "#59a14f", "jbgp": "#e15759", "jbgp-soft": "#b07aa1",
           "jbgp-1g": "#ff9d9a",
           "sink": "#bab0ac"}
W, PH, BAR, GAP = 900, 170, 24, 8
parts, y = [], 20
for n in ns:
    for metric, idx, unit in (("seconds, Established to all routes", 2, "s"), ("peak RSS", 3, "MiB")):
        items = [s for s in summary if s[1] == n]
        top = max(s[idx] for s in items) or 1
        parts.append('<text x="10" y="%d" font-size="14" font-weight="bold">N = %s: %s</text>'
                     % (y, "{:,}".format(n), metric))
        y += 10
        for s in items:
            w = (W - 260) * s[idx] / top
            parts.append('<text x="10" y="%d" font-size="12">%s</text>' % (y + BAR - 8, s[0]))
            parts.append('<rect x="80" y="%d" width="%.1f" height="%d" fill="%s"/>'
                         % (y, max(w, 1), BAR, colours.get(s[0], "#999")))
            parts.append('<text x="%.1f" y="%d" font-size="12">%.2f %s</text>' % (85 + w, y + BAR - 8, s[idx], unit))
            y += BAR + GAP
        y += 20
svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif">'
       '<rect width="100%%" height="100%%" fill="white"/>%s</svg>\n' % (W, y, "".join(parts)))
open(svg_path, "w").write(svg)
print("chart: %s" % svg_path)
PY
