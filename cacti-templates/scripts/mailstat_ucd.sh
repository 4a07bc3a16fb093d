#!/bin/sh
# Cacti data input script for mailstat's legacy UCD extTable row (net-snmp
# "exec mailstat /bin/cat /var/tmp/mailstat", or mailstat agent's compatible row).
#
# usage: mailstat_ucd.sh HOST COMMUNITY VERSION PORT [OID]
#
# extOutput holds the stat line "sent:N received:N ... delayed:N [lines:N unparsed:N]".
# That is already Cacti's "name:value name:value" output format, so the script only
# fetches it and keeps the pairs Cacti has output fields for. SNMP v1 and v2c only
# (v3 needs credentials this method does not pass). Prints nothing on failure, which
# Cacti records as unknown.
host=$1 community=$2 version=$3 port=$4
oid=${5:-.1.3.6.1.4.1.2021.8.1.101.1}
case $version in
  1) v=1 ;;
  *) v=2c ;;
esac
line=$(snmpget -v "$v" -c "$community" -t 2 -r 1 -Oqv "$host:${port:-161}" "$oid" 2>/dev/null) || exit 0
# -Oqv quotes a STRING value; strip the quotes, keep the nine categories.
printf '%s\n' "$line" | tr -d '"' | tr ' ' '\n' |
  grep -E '^(sent|received|bounced|rejected|virus|spam|delivered|greylisted|delayed):[0-9]+$' |
  tr '\n' ' ' | sed 's/ $//'
echo
