#!/usr/bin/env bash
# Follows every link of the demo platform as its platform administrator (who sees the most pages) and
# reports what a visitor would trip over: a link that answers 404 or 500, an empty href or action, a
# profile link without its slug, a Mustache tag left in a page. Form actions are fetched with GET, so their
# 405 answers are expected and not reported.
# Usage: scripts/check-links.sh [MAX_PAGES]   (default 300; CLUSTERCOLLAB_BIN=path skips the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
max=${1:-300}
count=300
bin=${CLUSTERCOLLAB_BIN:-}
if [ -z "$bin" ]; then
  swift build --product clustercollab >/dev/null
  bin=.build/debug/clustercollab
fi
source scripts/serve-demo.sh
base="http://127.0.0.1:$port"
until grep -q 'Demo logins' "$work/server.log"; do sleep 0.2; done
login=$(grep -m1 'administrator:' "$work/server.log" | sed 's/^ *[^:]*: //')
email=${login%% / *}
password=${login##* / }
jar="$work/cookies"
csrf=$(curl -fsS -c "$jar" -b "$jar" "$base/login" | grep -oE 'name="csrf_token" value="[^"]+"' | head -1 | sed 's/.*value="//; s/"$//')
curl -fsS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "email=$email" --data-urlencode "password=$password" --data-urlencode "csrf_token=$csrf" "$base/login"
printf '/\n/account\n/admin\n' >"$work/queue"
: >"$work/seen"
problems=0 n=0 i=1
while [ "$n" -lt "$max" ]; do
  path=$(sed -n "${i}p" "$work/queue")
  [ -z "$path" ] && break
  i=$((i + 1))
  grep -qxF "$path" "$work/seen" && continue
  echo "$path" >>"$work/seen"
  n=$((n + 1))
  code=$(curl -sS -b "$jar" -o "$work/page" -w '%{http_code}' "$base$path")
  case "$code" in 200 | 405) ;; *) echo "$code $path"; problems=$((problems + 1)) ;; esac
  for pattern in '(href|action|src)=""' 'href="/organisations/"' '\{\{[^}]*\}\}'; do
    if grep -qE "$pattern" "$work/page"; then echo "$path: $(grep -oE "$pattern" "$work/page" | head -1)"; problems=$((problems + 1)); fi
  done
  # Links to follow: not the facet and paging variations of a page already queued, not files.
  grep -oE '(href|action)="/[^"#]*"' "$work/page" | sed 's/^[a-z]*="//; s/"$//; s/&amp;/\&/g' \
    | grep -vE '^/(logout|static/|favicon|api/v1/openapi)' \
    | grep -vE '[?&](page|sort|country|type|sector|ecosystem|emerging|technology|label|size|region)=' >>"$work/queue" || true
done
echo "$n pages, $problems problems"
[ "$problems" -eq 0 ]
