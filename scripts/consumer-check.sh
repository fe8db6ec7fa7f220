#!/usr/bin/env bash
# Proves jbgp works as a Maven dependency: install the library modules into the local repository,
# then build and run a separate project (scripts/consumer) that depends on dev.jbgp:bgp-fsm and
# runs the README's embedding example against a second speaker on loopback. Exits non-zero if the
# example's route does not arrive.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests -pl bgp-wire,bgp-rib,bgp-fsm -am
for m in bgp-wire bgp-rib bgp-fsm; do
  for kind in "" -sources -javadoc; do
    f="$HOME/.m2/repository/dev/jbgp/$m/0.1.0-SNAPSHOT/$m-0.1.0-SNAPSHOT$kind.jar"
    [ -s "$f" ] || { echo "consumer-check: missing $f" >&2; exit 1; }
  done
done
./mvnw -B -q -f scripts/consumer/pom.xml compile exec:java
