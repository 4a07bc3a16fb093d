#!/bin/sh
# mailstat launcher, installed as /usr/bin/mailstat and used by scripts/mailstat in a checkout:
# runs mailstat's jar ($MAILSTAT_JAR, else ../share/mailstat/mailstat.jar from this script's own
# directory, so any PREFIX works) with java ($JAVA, else java from the PATH).
#
# JVM options: $MAILSTAT_JAVA_OPTS when set (even to ""), else a profile chosen by the command
# (docs/benchmarks.md, "Footprint"):
#  - long-running commands (run, agent, web, demo, mailgraph without -c) get a small, long-lived
#    process: the serial collector, a heap that grows only as needed and gives memory back, the
#    C1 compiler only with a small code cache, compiling only methods five times as warm as the
#    JVM's default thresholds (code cache and compiler memory kept to the hot paths, which
#    still compile), no class-data-sharing archive mapping (relocated, it dirties 12 MB), no
#    perf-data file (the hardened units leave /tmp read-only), two malloc arenas (MALLOC_ARENA_MAX) and, where the JVM has it (17.0.11 and later), a trim of the
#    malloc heap every 30 s, which gives back what bursts of work left behind;
#  - one-shot commands (parse, rrd, check, counters, mailgraph -c, ...) get throughput: the serial
#    collector (on a small server G1's barriers and threads cost ~15% of parse throughput) and
#    the JVM's C2 compiler.
jar=${MAILSTAT_JAR:-$(readlink -f "$(dirname "$(readlink -f "$0")")/../share/mailstat/mailstat.jar")}

daemon_opts="-XX:+UseSerialGC -Xms4m -Xmx64m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30
  -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -XX:CompileThresholdScaling=5
  -Xshare:off -XX:-UsePerfData"
batch_opts="-XX:+UseSerialGC"

profile=batch
command=
for arg in "$@"; do
  case "$arg" in
    -*) ;;
    *) command=$arg; break ;;
  esac
done
case "$command" in
  run | agent | web | demo) profile=daemon ;;
  mailgraph)
    profile=daemon
    for arg in "$@"; do
      case "$arg" in -c | --cat | -cat | --ca) profile=batch ;; esac
    done
    ;;
esac

if [ -n "${MAILSTAT_JAVA_OPTS+set}" ]; then
  opts=$MAILSTAT_JAVA_OPTS
elif [ "$profile" = daemon ]; then
  opts=$daemon_opts
  # An option this JVM does not know would stop it from starting: ask it first.
  if "${JAVA:-java}" -XX:TrimNativeHeapInterval=30000 -version > /dev/null 2>&1; then
    opts="$opts -XX:TrimNativeHeapInterval=30000"
  fi
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
  export MALLOC_ARENA_MAX
else
  opts=$batch_opts
fi
# shellcheck disable=SC2086 # the options are words
exec "${JAVA:-java}" $opts -Djava.awt.headless=true -jar "$jar" "$@"
