#!/bin/sh
# mailstat launcher: runs mailstat's jar (../share/mailstat/mailstat.jar from this script's own
# directory, so any PREFIX works) with the JVM options in MAILSTAT_JAVA_OPTS.
# The default suits a small always-on agent: the serial collector (no collector threads, the
# smallest footprint, and faster than G1 on a small heap: docs/benchmarks.md), 512 KiB thread
# stacks, and no hsperfdata file (the hardened units leave /tmp read-only).
# Set MAILSTAT_JAVA_OPTS, even to "", to choose yourself; JAVA names the java binary.
jar=$(readlink -f "$(dirname "$(readlink -f "$0")")/../share/mailstat/mailstat.jar")
exec "${JAVA:-java}" ${MAILSTAT_JAVA_OPTS--XX:+UseSerialGC -Xss512k -XX:-UsePerfData} \
  -Djava.awt.headless=true -jar "$jar" "$@"
