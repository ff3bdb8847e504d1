#!/usr/bin/env bash
# HTTP figures of docs/performance.md: starts a release server with N demo organisations on a temporary
# SQLite file, then measures with wrk on loopback the profile page against the plain liveness route of the
# same server, a news article and the news feed, an event page, its .ics and the calendar feed, a digest page, the site search, the map (kept, and queries asked once), and the server's memory; then restarts it on that database and times the start and its
# memory. Needs wrk (apt-get install -y wrk).
# Usage: scripts/bench-http.sh [COUNT] [DURATION]   (default 100000 organisations, 10s per run)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
duration=${2:-10s}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }
swift build -c release --product clustercollab --scratch-path .build-release >/dev/null
bin=.build-release/release/clustercollab
start=$(date +%s.%N)
source scripts/serve-demo.sh
ready=$(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')")
slug=$(curl -fsS "http://127.0.0.1:$port/api/v1/organisations?country=FR&per_page=1" | python3 -c 'import sys,json;print(json.load(sys.stdin)["items"][0]["slug"])')
rss() { awk '/VmRSS/ {printf "%.0f MB", $2/1024}' /proc/$pid/status; }
echo "server with $count organisations ready in ${ready}s (demo generation, one-transaction write, index load); RSS $(rss)"
run() { wrk -t2 -c32 -d"$duration" "$1" | awk -v name="$2" '/Requests\/sec/ {rps=$2} /Latency/ {lat=$2} END {printf "%-40s %10.0f requests/s  (mean latency %s)\n", name, rps, lat}'; }
run "http://127.0.0.1:$port/health/live" "plain route /health/live"
run "http://127.0.0.1:$port/organisations/$slug" "profile page /organisations/$slug"
run "http://127.0.0.1:$port/news/seventy-clusters-at-the-association-s-general-assembly" "news article page (demo founding story)"
run "http://127.0.0.1:$port/news.atom" "news Atom feed /news.atom"
run "http://127.0.0.1:$port/events/general-assembly-of-the-national-cluster-association" "event page (the demo's assembly)"
run "http://127.0.0.1:$port/events/general-assembly-of-the-national-cluster-association/event.ics" "the assembly's .ics"
run "http://127.0.0.1:$port/events.ics" "iCalendar feed /events.ics"
run "http://127.0.0.1:$port/digest/2016-W23" "digest page /digest/2016-W23"
run "http://127.0.0.1:$port/api/v1/organisations?q=cluster" "API search, term in over half"
run "http://127.0.0.1:$port/organisations?q=cluster" "directory page, term in over half"
run "http://127.0.0.1:$port/search?q=drone" "site search page /search?q=drone"
run "http://127.0.0.1:$port/search?q=cluster" "site search page, term in over half"
run "http://127.0.0.1:$port/api/v1/search?q=drone" "site search API /api/v1/search?q=drone"
run "http://127.0.0.1:$port/map" "map page /map (kept until the directory changes)"
run "http://127.0.0.1:$port/map?q=drone" "map page /map?q=drone (kept)"
run "http://127.0.0.1:$port/statistics" "statistics page /statistics (kept until the directory changes)"
run "http://127.0.0.1:$port/statistics?q=drone" "statistics page /statistics?q=drone (kept)"
run "http://127.0.0.1:$port/infrastructures?infrastructure=test-bed" "infrastructures page, test beds"
# The whole directory as open data: one download, then a harvester's revalidation with its ETag.
etag=$(curl -fsS -D - -o /dev/null "http://127.0.0.1:$port/api/v1/directory.csv" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
echo "whole directory CSV: $(curl -fsS -o /dev/null -w '%{time_total} s, %{size_download} bytes' "http://127.0.0.1:$port/api/v1/directory.csv"); revalidated with its ETag: $(curl -sS -o /dev/null -H "If-None-Match: $etag" -w '%{http_code} in %{time_total} s' "http://127.0.0.1:$port/api/v1/directory.csv")"
# The map of queries asked once each (not kept yet): the time of the first answer, as a person meets it.
times=""
for q in drone cluster energy health textile robotics maritime food digital space hydrogen battery water tourism wood \
  photonics plastics logistics agri creative "sector=1" "sector=12" "type=cluster-member" "label=gold" "ecosystem=5" "technology=KET2018-5" \
  "size=50-149" "emerging=10" "q=cluster&type=cluster-organisation" "q=drone&label=bronze"; do
  case "$q" in *=*) url="http://127.0.0.1:$port/map?$q" ;; *) url="http://127.0.0.1:$port/map?q=$q" ;; esac
  times="$times $(curl -fsS -o /dev/null -w '%{time_total}' "$url")"
done
echo "map page, 30 queries asked once each: $(python3 -c "import sys;t=sorted(float(x)*1000 for x in sys.argv[1:]);print(f'median {t[len(t)//2]:.1f} ms, p95 {t[int(len(t)*0.95)-1]:.1f} ms, max {t[-1]:.1f} ms')" $times)"
echo "server RSS after the runs: $(rss)"
size=$(curl -fsS -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/api/v1/organisations?q=cluster")
echo "API search response, term in over half: $((size / 1024)) KB of JSON"

# A restart on the database now holding COUNT organisations: no demo generation, only reading them page by
# page and building the in-memory indexes.
kill $pid; wait $pid 2>/dev/null || true
start=$(date +%s.%N)
LOG_LEVEL=warning "$bin" serve --port "$port" --database "$work/bench.sqlite" >"$work/server.log" 2>&1 &
pid=$!
until curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
  kill -0 $pid 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.1
done
ready=$(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')")
echo "server restarted on the existing database of $count organisations, ready in ${ready}s; RSS $(rss)"
