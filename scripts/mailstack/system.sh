#!/usr/bin/env bash
# One mail system for scripts/e2e-mailstack, run inside its own network, mount and UTS namespace:
#   system.sh ROOT TOPOLOGY VARIANT JAR
# Bind-mounts directories under ROOT over /etc/postfix, /var/spool, /var/log, ... (the mount
# namespace is private, so the host sees none of it), writes the configuration of TOPOLOGY,
# starts rsyslog, the mailstat instances and the mail daemons itself (init scripts are blocked by
# policy-rc.d), waits for their sockets, then writes ROOT/ready and waits until ROOT/stop appears
# or it is signalled. Every daemon is stopped by the PID it was started with, also on failure.
set -euo pipefail
root=$1 topology=$2 variant=$3 jar=$4
here=$(cd "$(dirname "$0")" && pwd)
fs=$root/fs
pids=()
log() { echo "[$topology/$variant] $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

stop_all() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    for _ in $(seq 50); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.1; done
    kill -9 "${pids[i]}" 2>/dev/null || true
  done
  for f in /var/spool/postfix*/pid/master.pid; do
    [ -s "$f" ] && kill "$(tr -d ' ' < "$f")" 2>/dev/null || true
  done
}
trap stop_all EXIT
trap 'exit 1' INT TERM

# start NAME CMD...: runs CMD in the background, logs its output under ROOT/daemons, keeps its PID
start() {
  local name=$1; shift
  "$@" >> "$root/daemons/$name.out" 2>&1 &
  pids+=($!)
  echo "$! $name" >> "$root/daemons/pids"
}

# wait_for WHAT TEST...: polls TEST until it succeeds (30 s)
wait_for() {
  local what=$1; shift
  for _ in $(seq 300); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  fail "$what did not come up (see $root/daemons)"
}
tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
# listening ADDR PORT: without connecting (postscreen would log and count a probe)
listening() { ss -Hltn | awk '{print $4}' | grep -qxF "$1:$2"; }

# ---- addresses -------------------------------------------------------------------------------
if [ "$variant" = veth ]; then
  sink=10.99.8.2 client=10.99.8.4 office=10.99.8.3 mx=10.99.8.1 interfaces="127.0.0.1, 10.99.8.1"
else
  sink=127.0.0.5 client=127.0.0.6 office=127.0.0.7 mx=127.0.0.1 interfaces=127.0.0.1
fi

# ---- the private file system ---------------------------------------------------------------
hostname "mx-$topology"
mkdir -p "$root/daemons" "$root/home" "$fs/dev"
mount --bind /dev "$fs/dev"
mount -t tmpfs -o mode=755 tmpfs /dev
for n in null zero full random urandom tty; do touch "/dev/$n"; mount --bind "$fs/dev/$n" "/dev/$n"; done
mkdir -p /dev/pts /dev/shm && mount --bind "$fs/dev/pts" /dev/pts && mount -t tmpfs tmpfs /dev/shm
ln -s /proc/self/fd /dev/fd; ln -s fd/0 /dev/stdin; ln -s fd/1 /dev/stdout; ln -s fd/2 /dev/stderr
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/rsyslog /run/lock /run/amavis /run/clamav /run/dovecot /run/postgrey /run/spamd
# A copy of the whole of /etc, bound over it: a file bind-mounted over /etc/passwd would vanish
# from this namespace as soon as anything on the host replaced /etc/passwd by rename (useradd),
# since the kernel detaches mounts on a dentry that is renamed over, in every namespace.
for d in /etc/postfix /etc/amavis /etc/clamav /etc/dovecot /etc/postgrey /var/spool /var/log /var/mail \
         /var/lib/postfix /var/lib/amavis /var/lib/clamav /var/lib/postgrey /var/lib/spamassassin \
         /var/lib/dovecot; do
  [ -d "$d" ] || fail "$d is missing: run scripts/install-test-deps"
done
mkdir -p "$fs/etc"
cp -a /etc/. "$fs/etc/"
mount --bind "$fs/etc" /etc
for d in /var/spool /var/log /var/mail /var/lib/postfix /var/lib/amavis /var/lib/clamav /var/lib/postgrey \
         /var/lib/spamassassin /var/lib/dovecot; do
  mkdir -p "$fs$d"
  mount --bind "$fs$d" "$d"
done
mkdir -p /var/spool/postfix
chown postfix:postfix /var/lib/postfix
chmod 1777 /var/mail

# users and groups: the host's plus the test users, seen only in this namespace
uid=5001
for u in user1 user2 user3 grey; do
  mkdir -p "$root/home/$u"
  echo "$u:x:$uid:$uid::$root/home/$u:/bin/sh" >> /etc/passwd
  echo "$u:x:$uid:" >> /etc/group
  echo "$u:*:19000:0:99999:7:::" >> /etc/shadow
  chown "$uid:$uid" "$root/home/$u"
  uid=$((uid + 1))
done
chmod 755 "$root" "$root/home"
printf '127.0.0.1 localhost mx.test\n%s sink.example.net\n%s client.example.org\n%s office.mx.test\n' \
  "$sink" "$client" "$office" > /etc/hosts
rm -f /etc/resolv.conf
echo "nameserver 127.0.0.1" > /etc/resolv.conf
echo mx.test > /etc/mailname
cat > /etc/aliases <<EOF
postmaster: root
root: user1
team: user2, user3
EOF
if [ "$topology" = dovecot ]; then
  echo '"|/usr/lib/dovecot/dovecot-lda"' > "$root/home/user3/.forward"
  chown 5003:5003 "$root/home/user3/.forward"
fi

# ---- rsyslog: the classic mail log, the filter log, all-in-one classic and RFC 3339, TCP -----
# The filter log has the content filter's and the scanners' lines (amavis, clamd, spamd), as the
# classic two-instance set-up has. Forwarding uses rsyslog's RSYSLOG_ForwardFormat without its cut
# of the tag at 32 characters (which loses "postfix-in/submission/smtpd[PID]:" lines); what
# RSYSLOG_SyslogProtocol23Format would send is kept in forwarded-rfc5424.log.
cat > "$root/rsyslog.conf" <<'EOF'
global(workDirectory="/run/rsyslog" maxMessageSize="16k")
template(name="ForwardWholeTag" type="string"
         string="<%PRI%>%TIMESTAMP:::date-rfc3339% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg%\n")
module(load="imuxsock" SysSock.Name="/dev/log" SysSock.RateLimit.Interval="0")
set $.filter = ($programname startswith "amavis" or $programname == "clamd" or $programname == "spamd");
if $syslogfacility-text == "mail" or $.filter then {
  if $.filter then {
    action(type="omfile" file="/var/log/filter.log" template="RSYSLOG_TraditionalFileFormat")
  } else {
    action(type="omfile" file="/var/log/mail.log" template="RSYSLOG_TraditionalFileFormat")
  }
  action(type="omfile" file="/var/log/all.log" template="RSYSLOG_TraditionalFileFormat")
  action(type="omfile" file="/var/log/all-rfc3339.log" template="RSYSLOG_FileFormat")
  action(type="omfile" file="/var/log/forwarded-rfc5424.log" template="RSYSLOG_SyslogProtocol23Format")
  action(type="omfwd" target="127.0.0.1" port="5514" protocol="tcp" template="ForwardWholeTag"
         queue.type="LinkedList" queue.size="100000" action.resumeRetryCount="-1" action.resumeInterval="1")
}
EOF
: > /var/log/mail.log; : > /var/log/filter.log; : > /var/log/all.log; : > /var/log/all-rfc3339.log
: > /var/log/forwarded-rfc5424.log
start rsyslog rsyslogd -n -f "$root/rsyslog.conf" -i /run/rsyslogd.pid
wait_for rsyslog test -S /dev/log

# ---- mailstat, started before the mail so it follows every line live ------------------------
ms() { exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" "$@"; }
st=$root/mailstat
mkdir -p "$st"/{two,mail,virus,all,listen,ignore}
start ms-two-mail ms run --only=mail --log /var/log/mail.log --stat-file "$st/two/mailstat" \
  --state-dir "$st/mail" --no-snmp --no-web --no-rrd --commit-interval 500
start ms-two-virus ms run --only=virus --log /var/log/filter.log --stat-file "$st/two/mailstat" \
  --state-dir "$st/virus" --no-snmp --no-web --no-rrd --commit-interval 500
start ms-agent ms agent --stat-file "$st/two/mailstat" --snmp=udp:127.0.0.1/1161 --queue-interval 1
start ms-all ms run --log /var/log/all-rfc3339.log --stat-file "$st/all/mailstat" --state-dir "$st/all" \
  --snmp=udp:127.0.0.1/1162 --web 127.0.0.1:8025 --queue-interval 1 --no-rrd --commit-interval 500
start ms-listen ms run --listen tcp:127.0.0.1:5514 --stat-file "$st/listen/mailstat" --state-dir "$st/listen" \
  --snmp=udp:127.0.0.1/1163 --no-web --no-rrd --commit-interval 500
if [ "$variant" = veth ]; then
  start ms-ignore ms run --ignore-localhost --log /var/log/all.log --stat-file "$st/ignore/mailstat" \
    --state-dir "$st/ignore" --no-snmp --no-web --no-rrd --commit-interval 500
fi
wait_for "mailstat run --listen" tcp_open 127.0.0.1 5514
wait_for "mailstat run's web page" tcp_open 127.0.0.1 8025
for port in 1161 1162 1163; do
  wait_for "mailstat SNMP on $port" snmpget -v2c -c public -t 1 -r 0 "127.0.0.1:$port" .1.3.6.1.2.1.1.1.0
done

# ---- Postfix ------------------------------------------------------------------------------
# postconf_common DIR SYSLOG_NAME: the settings every instance shares
postconf_common() {
  local dir=$1 name=$2
  cat > "$dir/main.cf" <<EOF
compatibility_level = 3.6
syslog_name = $name
myhostname = mx.test
myorigin = mx.test
mydestination = mx.test, localhost
inet_protocols = ipv4
inet_interfaces = $interfaces
mynetworks = 127.0.0.1/32 $office/32
alias_maps = hash:/etc/aliases
alias_database = hash:/etc/aliases
transport_maps = hash:$dir/transport
smtp_dns_support_level = disabled
smtp_host_lookup = native
smtpd_banner = \$myhostname ESMTP
biff = no
mailbox_size_limit = 0
delay_warning_time = 0
smtpd_tls_security_level = none
smtp_tls_security_level = none
smtpd_tls_cert_file = $root/mx.crt
smtpd_tls_key_file = $root/mx.key
smtpd_tls_loglevel = 1
smtp_tls_loglevel = 1
smtpd_helo_required = yes
smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination,
    check_sender_access hash:$dir/sender_access, check_recipient_access hash:$dir/greylist_recipients
smtpd_restriction_classes = greylisting
greylisting = check_policy_service inet:127.0.0.1:10023
header_checks = regexp:$dir/header_checks
body_checks = regexp:$dir/body_checks
queue_run_delay = 5s
minimal_backoff_time = 3600s
maximal_backoff_time = 3600s
EOF
  echo "example.net smtp:[$sink]:25" > "$dir/transport"
  echo "tls.example.net smtp-tls:[$sink]:2525" >> "$dir/transport"
  echo "spammer@bad.example REJECT sender refused by the access map" > "$dir/sender_access"
  echo "grey@mx.test greylisting" > "$dir/greylist_recipients"
  echo "/^Subject: .*E2E-HEADER-REJECT/ REJECT header check refused this message" > "$dir/header_checks"
  echo "/E2E-BODY-DISCARD/ DISCARD body check discarded this message" > "$dir/body_checks"
  postmap "$dir/transport" "$dir/sender_access" "$dir/greylist_recipients"
}

# master_cf DIR: the services every instance runs (no chroot: the namespace is the sandbox)
master_cf() {
  cat > "$1/master.cf" <<'EOF'
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
smtp-tls  unix  -       -       n       -       -       smtp
  -o smtp_tls_security_level=encrypt
EOF
}

submission_service() {
  cat <<'EOF'
submission inet n       -       n       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_recipient_restrictions=permit_mynetworks,reject
EOF
}

reinjection_service() { # PORT XFORWARD(yes|no)
  cat <<EOF
127.0.0.1:$1 inet n    -       n       -       -       smtpd
  -o content_filter=
  -o local_recipient_maps=
  -o relay_recipient_maps=
  -o smtpd_restriction_classes=
  -o smtpd_delay_reject=no
  -o smtpd_client_restrictions=permit_mynetworks,reject
  -o smtpd_helo_restrictions=
  -o smtpd_sender_restrictions=
  -o smtpd_recipient_restrictions=permit_mynetworks,reject
  -o smtpd_end_of_data_restrictions=
  -o mynetworks=127.0.0.0/8
  -o smtpd_error_sleep_time=0
  -o smtpd_client_connection_count_limit=0
  -o smtpd_client_connection_rate_limit=0
  -o receive_override_options=no_header_body_checks,no_unknown_recipient_checks,no_milters
EOF
  [ "$2" = yes ] && echo "  -o smtpd_authorized_xforward_hosts=127.0.0.0/8"
  return 0
}

postfix_dirs() { # CONFIG_DIR: creates the queue directories with Postfix's own tool
  postfix -c "$1" check 2>> "$root/daemons/postfix-check.out" || true
  postfix -c "$1" set-permissions 2>> "$root/daemons/postfix-check.out" || true
}

start_postfix() { # CONFIG_DIR NAME
  local dir=$1 name=$2 queue
  queue=$(postconf -c "$dir" -h queue_directory)
  postfix -c "$dir" check >> "$root/daemons/postfix-check.out" 2>&1 || fail "postfix check ($dir)"
  start "$name" /usr/lib/postfix/sbin/master -c "$dir" -d
  wait_for "postfix master ($dir)" test -S "$queue/public/pickup"
  # only an instance that delivers locally looks users up (multi's postfix-in has no
  # local_recipient_maps, so its proxymap refuses the table and the wait would never end)
  if postconf -c "$dir" -xh local_recipient_maps | grep -q 'unix:passwd\.byname'; then
    wait_for "postfix's user lookups ($dir)" postmap -c "$dir" -q user1 proxy:unix:passwd.byname
  fi
}

# smtpd's certificate, made here; only port 25 offers STARTTLS (not submission, not re-injection)
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=mx.test -keyout "$root/mx.key" -out "$root/mx.crt" \
  > "$root/daemons/mx-cert.out" 2>&1 || fail "openssl req (smtpd's certificate)"
pf=/etc/postfix
postconf_common $pf postfix
master_cf $pf
smtp_line='smtp      inet  n       -       n       -       -       smtpd
  -o smtpd_tls_security_level=may'
case $topology in
  amavis|amavis-xforward)
    xf=no; [ "$topology" = amavis-xforward ] && xf=yes
    postconf -c $pf -e "content_filter = smtp-amavis:[127.0.0.1]:10024"
    { echo "$smtp_line"; submission_service
      cat <<EOF
smtp-amavis unix -      -       n       -       2       smtp
  -o smtp_data_done_timeout=1200
  -o smtp_send_xforward_command=$xf
  -o max_use=20
EOF
      reinjection_service 10025 $xf; } >> $pf/master.cf
    ;;
  spamc)
    { echo "$smtp_line"; echo "  -o content_filter=spamassassin"; submission_service
      cat <<'EOF'
spamassassin unix -     n       n       -       -       pipe
  user=debian-spamd argv=/usr/bin/spamc -d 127.0.0.1 -p 783 -f -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}
EOF
    } >> $pf/master.cf
    ;;
  milter)
    postconf -c $pf -e "smtpd_milters = unix:/run/clamav/clamav-milter.ctl" "milter_default_action = tempfail"
    { echo "$smtp_line"; submission_service; } >> $pf/master.cf
    ;;
  dovecot)
    # postscreen guards port 25: a client that talks before the banner is dropped
    postconf -c $pf -e "mailbox_transport = lmtp:unix:private/dovecot-lmtp" \
      "postscreen_greet_action = drop" "postscreen_greet_wait = 2s"
    { cat <<'EOF'
smtp      inet  n       -       n       -       1       postscreen
smtpd     pass  -       -       n       -       -       smtpd
  -o smtpd_tls_security_level=may
dnsblog   unix  -       -       n       -       0       dnsblog
tlsproxy  unix  -       -       n       -       0       tlsproxy
EOF
      submission_service
      cat <<'EOF'
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_sasl_type=dovecot
  -o smtpd_sasl_path=private/auth
EOF
    } >> $pf/master.cf
    ;;
  multi)
    # the default instance is the output instance (loopback only, local delivery and the
    # internet); postfix-in takes mail from outside and relays all of it to it over loopback
    postconf -c $pf -e "syslog_name = postfix-out" "inet_interfaces = 127.0.0.1" \
      "smtpd_recipient_restrictions = permit_mynetworks, reject"
    echo "127.0.0.1:10026 inet n    -       n       -       -       smtpd" >> $pf/master.cf
    postmulti -e init
    postmulti -I postfix-in -G mta -e create config_directory=/etc/postfix/in \
      queue_directory=/var/spool/postfix-in data_directory=/var/lib/postfix/in
    pin=/etc/postfix/in
    keep=$(postconf -c $pin -n multi_instance_name multi_instance_group multi_instance_enable queue_directory data_directory)
    postconf_common $pin postfix-in
    master_cf $pin
    { echo "$smtp_line"; submission_service | sed 's#postfix/submission#postfix-in/submission#'; } >> $pin/master.cf
    while IFS= read -r line; do postconf -c $pin -e "$line"; done <<< "$keep"
    postconf -c $pin -e "multi_instance_enable = yes" "mydestination =" "relay_domains = mx.test" \
      "relay_recipient_maps = hash:$pin/recipients" "relayhost = [127.0.0.1]:10026" \
      "alias_maps =" "local_recipient_maps =" "master_service_disable ="
    printf '%s OK\n' user1@mx.test user2@mx.test user3@mx.test grey@mx.test team@mx.test \
      postmaster@mx.test root@mx.test > $pin/recipients
    postmap $pin/recipients
    ;;
  *) fail "unknown topology $topology" ;;
esac
newaliases
postfix_dirs $pf
[ "$topology" = multi ] && postfix_dirs /etc/postfix/in

# ---- the filters and scanners ----------------------------------------------------------------
# postgrey logs to syslog only when it daemonizes; its PID comes from its pid file
chown postgrey:postgrey /var/lib/postgrey /run/postgrey
postgrey -d --inet=127.0.0.1:10023 --dbdir=/var/lib/postgrey --delay=2 --pidfile=/run/postgrey/postgrey.pid \
  --syslog-facility=mail --user=postgrey --group=postgrey >> "$root/daemons/postgrey.out" 2>&1
wait_for "postgrey's pid file" test -s /run/postgrey/postgrey.pid
pids+=("$(cat /run/postgrey/postgrey.pid)")

clamav_db() {
  chown clamav:clamav /var/lib/clamav /run/clamav
  # EICAR by its MD5 and size (.hdb) and by its body (.ndb, also when it is part of a message)
  echo "44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature" > /var/lib/clamav/e2e-eicar.hdb
  printf 'Eicar-Test-Signature:0:*:%s\n' \
    "$(printf '%s' 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!' | od -An -tx1 | tr -d ' \n')" \
    > /var/lib/clamav/e2e-eicar.ndb
  cat > /etc/clamav/clamd.conf <<'EOF'
LocalSocket /run/clamav/clamd.ctl
LocalSocketMode 666
FixStaleSocket true
Foreground true
LogSyslog true
LogFacility LOG_MAIL
DatabaseDirectory /var/lib/clamav
PidFile /run/clamav/clamd.pid
ScanMail true
ScanArchive true
SelfCheck 3600
EOF
  start clamd clamd --config-file=/etc/clamav/clamd.conf
  wait_for clamd test -S /run/clamav/clamd.ctl
}

case $topology in
  amavis|amavis-xforward)
    clamav_db
    chown -R amavis:amavis /var/lib/amavis /run/amavis
    mkdir -p /var/lib/amavis/tmp /var/lib/amavis/db && chown amavis:amavis /var/lib/amavis/tmp /var/lib/amavis/db
    cat > /etc/amavis/e2e.conf <<'EOF'
use strict;
$MYHOME = '/var/lib/amavis';
$TEMPBASE = "$MYHOME/tmp";
$ENV{TMPDIR} = $TEMPBASE;
$db_home = "$MYHOME/db";
$helpers_home = $MYHOME;
$daemon_user = 'amavis';
$daemon_group = 'amavis';
$mydomain = 'mx.test';
$myhostname = 'mx.test';
@local_domains_acl = ('mx.test');
$max_servers = 2;
$inet_socket_bind = '127.0.0.1';
$inet_socket_port = 10024;
@inet_acl = qw(127.0.0.1);
$unix_socketname = undef;
$forward_method = 'smtp:[127.0.0.1]:10025';
$notify_method = $forward_method;
$pid_file = '/run/amavis/amavisd.pid';
$lock_file = '/run/amavis/amavisd.lock';
$DO_SYSLOG = 1;
$syslog_facility = 'mail';
$log_level = 0;
$sa_local_tests_only = 1;
$sa_tag_level_deflt = -999;
$sa_tag2_level_deflt = 5;
$sa_kill_level_deflt = 5;
$final_virus_destiny = D_DISCARD;
$final_spam_destiny = D_PASS;
$final_banned_destiny = D_PASS;
$final_bad_header_destiny = D_PASS;
$virus_admin = undef;
$spam_admin = undef;
$warnvirussender = 0;
$warnspamsender = 0;
$virus_quarantine_method = undef;
$spam_quarantine_method = undef;
$banned_files_quarantine_method = undef;
$bad_header_quarantine_method = undef;
$enable_dkim_verification = 0;
$enable_dkim_signing = 0;
@av_scanners = (['ClamAV-clamd', \&ask_daemon, ["CONTSCAN {}\n", "/run/clamav/clamd.ctl"],
  qr/\bOK$/m, qr/\bFOUND$/m, qr/^.*?: (?!Infected Archive)(.*) FOUND$/m ]);
@av_scanners_backup = ();
1;
EOF
    start amavis amavisd -c /etc/amavis/e2e.conf foreground
    wait_for amavis tcp_open 127.0.0.1 10024
    ;;
  spamc)
    chown debian-spamd:debian-spamd /var/lib/spamassassin
    start spamd spamd --listen=127.0.0.1:783 --allowed-ips=127.0.0.1 --username=debian-spamd \
      --syslog=mail --local --pidfile=/run/spamd/spamd.pid --helper-home-dir=/var/lib/spamassassin --max-children=2
    wait_for spamd tcp_open 127.0.0.1 783
    ;;
  milter)
    clamav_db
    cat > /etc/clamav/clamav-milter.conf <<'EOF'
MilterSocket unix:/run/clamav/clamav-milter.ctl
MilterSocketMode 666
FixStaleSocket true
Foreground true
ClamdSocket unix:/run/clamav/clamd.ctl
OnInfected Reject
OnFail Defer
LogSyslog true
LogFacility LOG_MAIL
LogInfected Basic
PidFile /run/clamav/clamav-milter.pid
EOF
    start clamav-milter clamav-milter --config-file=/etc/clamav/clamav-milter.conf
    wait_for clamav-milter test -S /run/clamav/clamav-milter.ctl
    ;;
  dovecot)
    cat > /etc/dovecot/dovecot.conf <<EOF
protocols = lmtp
listen = 127.0.0.1
base_dir = /run/dovecot
state_dir = /var/lib/dovecot
log_path = syslog
syslog_facility = mail
ssl = no
mail_location = maildir:~/Maildir
first_valid_uid = 5000
auth_username_format = %Ln
auth_mechanisms = plain login
disable_plaintext_auth = no
auth_failure_delay = 0
userdb {
  driver = passwd
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN /etc/dovecot/users
}
service auth {
  unix_listener /var/spool/postfix/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
service lmtp {
  unix_listener /var/spool/postfix/private/dovecot-lmtp {
    mode = 0600
    user = postfix
    group = postfix
  }
}
protocol lmtp {
  postmaster_address = postmaster@mx.test
}
protocol lda {
  postmaster_address = postmaster@mx.test
}
EOF
    chmod 644 /etc/dovecot/dovecot.conf
    echo "user1:{PLAIN}right-password" > /etc/dovecot/users
    chmod 644 /etc/dovecot/users
    ;;
esac
wait_for postgrey tcp_open 127.0.0.1 10023

case $topology in
  multi)
    start_postfix /etc/postfix postfix-out
    start_postfix /etc/postfix/in postfix-in
    ;;
  *) start_postfix /etc/postfix postfix ;;
esac
if [ "$topology" = dovecot ]; then
  start dovecot dovecot -F -c /etc/dovecot/dovecot.conf
  wait_for dovecot test -S /var/spool/postfix/private/dovecot-lmtp
  wait_for "dovecot's auth socket" test -S /var/spool/postfix/private/auth
fi
wait_for "smtpd on port 25" listening "$mx" 25

log "up"
touch "$root/ready"
while [ ! -e "$root/stop" ]; do sleep 0.2; done
log "stopping"
