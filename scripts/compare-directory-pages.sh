#!/usr/bin/env bash
# Checks that two builds render the directory (and the home page) byte for byte the same: starts both
# binaries on their own temporary SQLite file with the same demo organisations (the demo is deterministic),
# fetches the same addresses from each and diffs them. For a change that should only make pages faster.
# Usage: scripts/compare-directory-pages.sh OLD_BINARY NEW_BINARY [COUNT]   (default 20000 organisations)
set -euo pipefail
old=$1
new=$2
count=${3:-20000}
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
start() { # binary port name
  LOG_LEVEL=warning "$1" serve --port "$2" --database "$work/$3.sqlite" --demo --demo-count "$count" >"$work/$3.log" 2>&1 &
  pids+=($!)
}
old_port=$(free_port)
new_port=$(free_port)
start "$old" "$old_port" old
start "$new" "$new_port" new
for port in "$old_port" "$new_port"; do
  until curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; do sleep 0.3; done
done
paths=(
  "/"
  "/organisations"
  "/organisations?q=drone"
  "/organisations?q=cluster"
  "/organisations?q=cluster&page=3"
  "/organisations?q=cluster&sort=name&page=2"
  "/organisations?q=aero"
  "/organisations?q=drone+cluster"
  "/organisations?q=%C3%A9nergie"
  "/organisations?q=%3Cb%3E%26%22x%27"
  "/organisations?country=FR"
  "/organisations?q=cluster&country=FR,DE&type=cluster-organisation"
  "/organisations?q=cluster&country=FR&country=FR&sector=1&label=gold&size=50-149"
  "/organisations?q=innovation&ecosystem=1,2&emerging=1&technology=ai&sort=members"
  "/organisations?q=cluster&region=FR1&sort=newest"
  "/organisations?q=cluster&country=XX"
  "/organisations?q=cluster&page=abc"
  "/organisations?q=cluster&per_page=1000"
  "/organisations?q=nothingmatchesthis"
)
# Region and facet values taken from a page, so some links with every kind of filter are followed too.
more=$(curl -fsS "http://127.0.0.1:$old_port/organisations?q=cluster" | grep -o 'href="/organisations?[^"]*"' | sed -n '5p;60p;120p;200p;280p' | sed 's/^href="//;s/"$//;s/&amp;/\&/g')
for p in $more; do paths+=("$p"); done
failed=0
for p in "${paths[@]}"; do
  # Each server writes its own address into canonical links: the port is the one difference allowed.
  curl -sS "http://127.0.0.1:$old_port$p" | sed "s/127.0.0.1:$old_port/127.0.0.1:PORT/g" >"$work/a.html"
  curl -sS "http://127.0.0.1:$new_port$p" | sed "s/127.0.0.1:$new_port/127.0.0.1:PORT/g" >"$work/b.html"
  if cmp -s "$work/a.html" "$work/b.html"; then
    echo "same  $(wc -c <"$work/a.html") bytes  $p"
  else
    echo "DIFFERENT  $p"
    diff "$work/a.html" "$work/b.html" | head -20 || true
    failed=1
  fi
done
exit $failed
