#!/usr/bin/env bash
# Account figures of docs/performance.md: login (bcrypt cost 11) with 4 concurrent clients, and what a
# session lookup adds to a request. Starts a release server on a temporary SQLite file with one account.
# Needs wrk (apt-get install -y wrk). Usage: scripts/bench-accounts.sh [DURATION]  (default 10s)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }
swift build -c release --product clustercollab --scratch-path .build-release >/dev/null 2>&1
bin=$(pwd)/.build-release/release/clustercollab
work=$(mktemp -d)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
pid=; trap 'kill ${pid:-0} 2>/dev/null || true; rm -rf "$work"' EXIT
password="orbital-lattice-4242"
echo "$password" | "$bin" create-admin --email bench@example.eu --name "Bench Person" --password-stdin --database "$work/b.sqlite" >/dev/null
# Limits high enough that the benchmark measures hashing, not refusals.
CLUSTERCOLLAB_RATE_LIMIT_LOGIN=1000000/60 LOG_LEVEL=warning "$bin" serve --port "$port" --database "$work/b.sqlite" >"$work/server.log" 2>&1 &
pid=$!
until curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; do kill -0 $pid || { cat "$work/server.log"; exit 1; }; sleep 0.2; done
base="http://127.0.0.1:$port"
# A CSRF cookie and its token, as a browser gets them from the login page.
page=$(curl -fsS -c "$work/jar" "$base/login")
token=$(printf '%s' "$page" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1)
csrf=$(awk '$6=="cc_csrf" {print $7}' "$work/jar")
cat > "$work/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "cc_csrf=$csrf"
wrk.body = "email=bench%40example.eu&password=$password&csrf_token=$token"
LUA
echo "login, 4 concurrent clients, $duration:"
wrk -t2 -c4 -d"$duration" --latency -s "$work/login.lua" "$base/login" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
# A signed-in session cookie for the lookup comparison.
curl -fsS -o /dev/null -b "cc_csrf=$csrf" -c "$work/jar2" -d "email=bench%40example.eu&password=$password&csrf_token=$token" "$base/login"
session=$(awk '$6=="cc_session" {print $7}' "$work/jar2")
cat > "$work/session.lua" <<LUA
wrk.headers["Cookie"] = "cc_session=$session"
LUA
echo "plain route without a session:"
wrk -t2 -c16 -d"$duration" --latency "$base/health/live" | grep -E "Requests/sec|50%|99%"
echo "plain route with a session cookie (looked up in the database):"
wrk -t2 -c16 -d"$duration" --latency -s "$work/session.lua" "$base/health/live" | grep -E "Requests/sec|50%|99%"
