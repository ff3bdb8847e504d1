# Sourced by the benchmark scripts: starts `$bin serve` with `$count` demo organisations on a temporary
# SQLite file on a free port, and waits until it answers. Sets `work`, `port` and `pid`; the server is
# stopped and the folder removed when the script exits.
work=$(mktemp -d)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
LOG_LEVEL=warning "$bin" serve --port "$port" --database "$work/bench.sqlite" --demo --demo-count "$count" >"$work/server.log" 2>&1 &
pid=$!
until curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
  kill -0 $pid 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.2
done
