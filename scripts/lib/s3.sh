# A throw-away S3 server (s3rver 3.7.1 from npm) on loopback for the artifact-store tests. Sourced, not executed.
#   start_test_s3   install s3rver once, start (or reuse) it, export CLUSTER_TEST_S3 and the S3RVER keys
#   stop_test_s3    stop it (the data directory is kept; tests create their own buckets)
# Port: $CLUSTER_TEST_S3_PORT (default 54569); install and data: /tmp/cluster-test-s3.

CLUSTER_TEST_S3_DIR=/tmp/cluster-test-s3
CLUSTER_TEST_S3_VERSION=3.7.1

# A TCP connect is enough: s3rver accepts connections once it serves (bash's /dev/tcp, no curl needed).
_s3_answers() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

_ensure_s3rver() {
  local dir="$CLUSTER_TEST_S3_DIR"
  [ -x "$dir/node_modules/.bin/s3rver" ] && return 0
  command -v npm >/dev/null || {
    echo "npm is missing: apt-get install -y --no-install-recommends nodejs npm" >&2
    return 1
  }
  mkdir -p "$dir"
  echo "installing s3rver@$CLUSTER_TEST_S3_VERSION into $dir" >&2
  (cd "$dir" && npm install --no-audit --no-fund --silent "s3rver@$CLUSTER_TEST_S3_VERSION" >"$dir/npm.log" 2>&1) || {
    echo "npm install s3rver failed, see $dir/npm.log" >&2
    return 1
  }
}

start_test_s3() {
  local port="${CLUSTER_TEST_S3_PORT:-54569}"
  local dir="$CLUSTER_TEST_S3_DIR"
  _ensure_s3rver || return 1
  mkdir -p "$dir/data"

  if ! _s3_answers "$port"; then
    # Without the legacy provider, s3rver's continuation tokens (paginated ListObjectsV2) fail with HTTP 500 on Node >= 17.
    NODE_OPTIONS=--openssl-legacy-provider nohup node "$dir/node_modules/.bin/s3rver" \
      -d "$dir/data" -a 127.0.0.1 -p "$port" </dev/null >"$dir/log" 2>&1 &
    echo $! >"$dir/pid"
  fi

  local i
  for i in $(seq 1 100); do
    if _s3_answers "$port"; then
      export CLUSTER_TEST_S3="http://127.0.0.1:$port"
      export AWS_ACCESS_KEY_ID=S3RVER
      export AWS_SECRET_ACCESS_KEY=S3RVER
      return 0
    fi
    sleep 0.1
  done
  echo "s3rver on 127.0.0.1:$port does not answer, see $dir/log" >&2
  return 1
}

stop_test_s3() {
  local pidfile="$CLUSTER_TEST_S3_DIR/pid"
  [ -f "$pidfile" ] || return 0
  kill "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
}
