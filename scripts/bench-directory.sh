#!/usr/bin/env bash
# Directory figures of docs/performance.md: the HTML directory page `/organisations?q=` against the JSON
# API `/api/v1/organisations?q=` for the same queries, at two frequencies. Starts a release server with N
# demo organisations on a temporary SQLite file, picks from the data 20 mid-frequency terms (1,000-3,000
# matches, like "drone") and 20 broad terms (more than half of the directory, like "cluster") by asking the
# API for their totals, then runs wrk with a Lua script that takes the next of the 20 terms on every
# request, so that no result cache can stand in for speed. Needs wrk (apt-get install -y wrk).
# Usage: scripts/bench-directory.sh [COUNT] [DURATION] [RUNS]   (default 100000 organisations, 10s, 2 runs)
# CLUSTERCOLLAB_BIN=path/to/clustercollab skips the release build and measures that binary.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
duration=${2:-10s}
runs=${3:-2}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }
bin=${CLUSTERCOLLAB_BIN:-}
if [ -z "$bin" ]; then
  swift build -c release --product clustercollab --scratch-path .build-release >/dev/null
  bin=.build-release/release/clustercollab
fi
source scripts/serve-demo.sh

# Candidate words from a sample of profiles (names, descriptions, tags), then their totals from the API. A
# query's last word also matches as a prefix, so a total is what the page and the API really answer.
python3 - "$port" "$work" <<'EOF'
import json, re, sys, urllib.parse, urllib.request
port, work = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}/api/v1/organisations"
def get(url):
    with urllib.request.urlopen(url) as r:
        return json.load(r)
def total(q):
    return get(base + "?per_page=1&q=" + urllib.parse.quote(q))["total"]
directory = get(base + "?per_page=1")["total"]
words = {}
for page in range(1, 4):
    for item in get(f"{base}?per_page=100&sort=newest&page={page}")["items"]:
        doc = get(f"{base}/{item['id']}")
        text = " ".join([doc.get("name") or "", doc.get("description") or ""] + (doc.get("tags") or []))
        for w in re.findall(r"[a-z]{4,}", text.lower()):
            words[w] = words.get(w, 0) + 1
candidates = sorted(words, key=lambda w: (-words[w], w))[:400]
totals = {w: total(w) for w in candidates}
mid = sorted((w for w in totals if 1000 <= totals[w] <= 3000), key=lambda w: (abs(totals[w] - 2000), w))[:20]
broad = sorted((w for w in totals if totals[w] > directory / 2), key=lambda w: (-totals[w], w))[:20]
# The demo has fewer than 20 words in over half of the profiles: the rest are what people type on the way
# to them (a query's last word matches as a prefix), as long as they still match over half.
for word in list(broad):
    for n in range(len(word) - 1, 3, -1):
        if len(broad) >= 20:
            break
        prefix = word[:n]
        if prefix not in broad and total(prefix) > directory / 2:
            totals[prefix] = total(prefix)
            broad.append(prefix)
if len(mid) < 20 or len(broad) < 20:
    sys.exit(f"not enough terms in the sample: {len(mid)} mid-frequency, {len(broad)} broad")
for name, terms in (("mid", mid), ("broad", broad)):
    with open(f"{work}/{name}.lua", "w") as f:
        f.write("local terms = {" + ", ".join(json.dumps(urllib.parse.quote(t)) for t in terms) + "}\n")
        f.write("local n = 0\n")
        f.write("request = function()\n  n = n + 1\n")
        f.write("  return wrk.format(\"GET\", wrk.path .. terms[(n % #terms) + 1])\nend\n")
    counts = [totals[t] for t in terms]
    print(f"{name:5} terms ({min(counts):,}-{max(counts):,} matches of {directory:,} published): "
          + ", ".join(f"{t} {totals[t]:,}" for t in terms))
EOF

# Compilers on the same cores (other builds) would disturb the figures: wait for them, up to QUIET_WAIT
# seconds (default 900), and say so when a run could not wait for a quiet machine.
busy=""
# A compiler still running (not one that has exited and waits to be reaped) makes the machine busy.
compiling() { ps -eo stat=,comm= | awk '$2 == "swift-frontend" && $1 !~ /^Z/ {found = 1} END {exit !found}'; }
quiet() {
  local waited=0
  while compiling && [ "$waited" -lt "${QUIET_WAIT:-900}" ]; do sleep 10; waited=$((waited + 10)); done
  if compiling; then busy=" (compilers running)"; fi
}
rps() { wrk -t2 -c32 -d"$duration" -s "$work/$1.lua" "http://127.0.0.1:$port$2" | awk '/Requests\/sec/ {printf "%.0f", $2}'; }
echo "wrk -t2 -c32 -d$duration, $runs runs each, requests/s (each request the next of the 20 terms):"
for freq in mid broad; do
  for run in $(seq "$runs"); do
    busy=""
    quiet
    page=$(rps "$freq" "/organisations?q=")
    if compiling; then busy=" (compilers running)"; fi
    quiet
    api=$(rps "$freq" "/api/v1/organisations?q=")
    if compiling; then busy=" (compilers running)"; fi
    python3 -c "print(f'$freq terms, run $run: directory page {$page:6d}   API {$api:6d}   page/API {$page / max($api, 1):.2f}$busy')"
  done
done
page_size=$(curl -fsS -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/organisations?q=cluster")
api_size=$(curl -fsS -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/api/v1/organisations?q=cluster")
echo "sizes for q=cluster: directory page $((page_size / 1024)) KB of HTML, API $((api_size / 1024)) KB of JSON"
