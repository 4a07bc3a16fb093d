#!/bin/sh
# mailgraph drop-in, installed as /usr/share/mailstat/mailgraph: put in place of Debian's
# /usr/sbin/mailgraph (docs/mailgraph.md, "In place of /usr/sbin/mailgraph"), it runs
# `mailstat mailgraph` with the arguments mailgraph's init script or unit passes, so
# /etc/init.d/mailgraph, mailgraph.service and mailgraph.cgi keep working.
# $MAILSTAT names the mailstat launcher to use (default: ../../bin/mailstat from this script).
mailstat=${MAILSTAT:-$(readlink -f "$(dirname "$(readlink -f "$0")")/../../bin/mailstat")}
exec "$mailstat" mailgraph "$@"
