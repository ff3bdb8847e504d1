#!/usr/bin/env bash
# Schema fuzzing of the JSON API (docs/api-fuzzing.md): starts a demo server from the built executable on
# a temporary SQLite file and runs schemathesis against its served /api/v1/openapi.json, once without and
# once with the operator's token, with every check. Fails on any server error, undocumented status or
# response that does not match the document.
# Usage: scripts/fuzz-api.sh [EXAMPLES]   (generated cases per operation and phase, default 25)
# Environment: CLUSTERCOLLAB_BIN (default .build/debug/clustercollab; run `swift build` first),
# FUZZ_SEED (default 20261202), FUZZ_TIME_LIMIT (seconds per run, default 600).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
examples=${1:-25}
seed=${FUZZ_SEED:-20261202}
limit=${FUZZ_TIME_LIMIT:-600}
bin=${CLUSTERCOLLAB_BIN:-.build/debug/clustercollab}
# 4.32.5 is the version checked against this document; it runs on Python 3.9 and later.
version=4.32.5
venv=.build/fuzz-venv

[ -x "$bin" ] || { echo "no executable at $bin: run swift build first"; exit 1; }
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
token="fuzz-$(python3 -c 'import secrets;print(secrets.token_hex(16))')"
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
# The posting limit is raised so that generated writes reach the handlers' rules rather than stopping at
# 429 after the first thirty (429 is documented and checked all the same).
CLUSTERCOLLAB_ADMIN_TOKEN="$token" CLUSTERCOLLAB_RATE_LIMIT_POSTING=1000000/60 LOG_LEVEL=warning \
  "$bin" serve --demo --port "$port" --database "$work/fuzz.sqlite" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 300); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.2
done

run() {
  echo "== schemathesis $1 (seed $seed, $examples examples per operation)"
  shift
  # From the temporary folder, where schemathesis leaves its own files.
  (cd "$work" && timeout --signal=INT "$limit" "$root/$venv/bin/schemathesis" --config-file "$root/scripts/schemathesis.toml" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    --url "http://127.0.0.1:$port" --checks all --seed "$seed" --max-examples "$examples" --workers 1 \
    --request-timeout 30 --no-color --suppress-health-check all --generation-database none "$@")
}
status=0
run "without a token" || status=1
run "with the operator's token" -H "Authorization: Bearer $token" || status=1
if ! kill -0 $pid 2>/dev/null; then echo "the server stopped during the run:"; cat "$work/server.log"; status=1; fi
if grep -q "unexpected error" "$work/server.log"; then echo "the server logged unexpected errors:"; grep "unexpected error" "$work/server.log" | head -20; status=1; fi
exit $status
