# virtuoso.sh - a real Virtuoso (Debian's virtuoso-opensource) for an
# end-to-end test: its own database folder under $TMP, its own SQL and
# HTTP ports on 127.0.0.1, SPARQL updates granted to the /sparql endpoint,
# stopped at exit (sourced after lib.sh).

# free_port: a TCP port nothing listens on now
free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_virtuoso: sets VURL (http://127.0.0.1:PORT/sparql), VSQL (the SQL
# port for isql-vt) and VPID; fails the test when Virtuoso does not come up
start_virtuoso() {
  VDIR=$TMP/virtuoso
  mkdir -p "$VDIR"
  VSQL=$(free_port)
  VHTTP=$(free_port)
  cat >"$VDIR/virtuoso.ini" <<EOF
[Database]
DatabaseFile = $VDIR/virtuoso.db
ErrorLogFile = $VDIR/virtuoso.log
LockFile = $VDIR/virtuoso.lck
TransactionFile = $VDIR/virtuoso.trx
xa_persistent_file = $VDIR/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = $VDIR/virtuoso-temp.db
TransactionFile = $VDIR/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:$VSQL
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., $VDIR, /usr/share/virtuoso-opensource-7/vad
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
MaxQueryMem = 500M
[HTTPServer]
ServerPort = 127.0.0.1:$VHTTP
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 1
[Client]
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 120
EOF
  (cd "$VDIR" && exec virtuoso-t +foreground +configfile "$VDIR/virtuoso.ini") \
    >"$VDIR/stdout.log" 2>&1 &
  VPID=$!
  at_exit "stop_virtuoso"
  VURL=http://127.0.0.1:$VHTTP/sparql
  _i=0
  while [ $_i -lt 600 ]; do
    kill -0 $VPID 2>/dev/null || break
    curl -s -o /dev/null --max-time 2 "$VURL?query=ASK%7B%7D" && break
    sleep 0.2
    _i=$((_i + 1))
  done
  if ! curl -s -o /dev/null --max-time 2 "$VURL?query=ASK%7B%7D"; then
    fail "start Virtuoso" "no SPARQL endpoint at $VURL: $(_short "$(tail -5 "$VDIR/virtuoso.log" 2>/dev/null)")"
    finish
  fi
  # the anonymous /sparql endpoint may update (Virtuoso's own setting)
  visql 'grant SPARQL_UPDATE to "SPARQL";' >/dev/null
}

# visql SQL: Virtuoso's own client on the test's server
visql() {
  isql-vt "127.0.0.1:$VSQL" dba dba "exec=$1" 2>&1
}

stop_virtuoso() {
  [ -n "${VPID:-}" ] || return 0
  kill -TERM "$VPID" 2>/dev/null
  _i=0
  while kill -0 "$VPID" 2>/dev/null && [ $_i -lt 100 ]; do
    sleep 0.1
    _i=$((_i + 1))
  done
  kill -KILL "$VPID" 2>/dev/null
  VPID=""
}
