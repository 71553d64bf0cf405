#!/usr/bin/env bash
# Article page with and without its recommendation blocks, for a signed-in reader, with wrk in
# the same run: the same binary and data served twice, once as configured by default and once
# with `[recommend] page_blocks = false`. Prints req/s, p50 and p99 of each and the ratio
# (issue target: with blocks >= 0.8 x without).
#
# The store is made by recommend_bench (--now: stories of the last DAYS days, so the
# candidate window is full), then a reader signs up through the forms and reads HISTORY
# stories through the site, so their profile is real. Signed-in pages are never cached, so
# every request makes the page: the story, its versions, Full coverage, the reader's read,
# saved flag and, with blocks, Related stories, Most read and Recommended For You.
#
#   bench/recommend_page_bench.sh [build dir]   (default build/release)
#   ARTICLES=20000 DAYS=30 HISTORY=300 WRK_DURATION=10s WRK_CONNECTIONS=16 WRK_THREADS=1
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build/release}"
BIN="$BUILD/src/cli/wiredesk"
STORE_BENCH="$BUILD/bench/recommend_bench"
ARTICLES="${ARTICLES:-20000}"
DAYS="${DAYS:-30}"
HISTORY="${HISTORY:-300}"
DURATION="${WRK_DURATION:-10s}"
CONNECTIONS="${WRK_CONNECTIONS:-16}"
THREADS="${WRK_THREADS:-1}"
PYTHON="${PYTHON:-/usr/bin/python3}"
command -v wrk >/dev/null || { echo "wrk is missing: run scripts/setup"; exit 1; }
for b in "$BIN" "$STORE_BENCH"; do
  [ -x "$b" ] || { echo "$b is missing: cmake --build $BUILD --target wiredesk recommend_bench"; exit 1; }
done

work="$(mktemp -d)"
cleanup() {
  # start() runs in a command substitution's subshell, so the servers' pids are kept in a file.
  if [ -f "$work/pids" ]; then
    while read -r p; do kill "$p" 2>/dev/null; done <"$work/pids"
    sleep 0.5
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "making a store of $ARTICLES stories over $DAYS days..."
"$STORE_BENCH" --articles "$ARTICLES" --days "$DAYS" --readers 1 --history 1 --calls 1 \
  --now "$(date +%s)" --dir "$work/data" --keep >/dev/null

printf '[recommend]\npage_blocks = false\n' >"$work/plain.toml"
start() {  # start NAME [--config FILE]: starts a server on a free port, prints its base URL
  local name="$1"; shift
  "$BIN" serve --data "$work/data" --listen 127.0.0.1:0 "$@" >"$work/$name.out" 2>"$work/$name.err" &
  echo "$!" >>"$work/pids"
  for _ in $(seq 1 200); do
    grep -q 'listening on' "$work/$name.out" 2>/dev/null && break
    sleep 0.1
  done
  local base
  base="$(grep -o 'http://[^ ]*' "$work/$name.out" | head -n1)"
  [ -n "$base" ] || { echo "wiredesk ($name) did not start" >&2; cat "$work/$name.err" >&2; exit 1; }
  echo "${base%/}"
}
with_blocks="$(start blocks)"
without_blocks="$(start plain --config "$work/plain.toml")"

# A reader signed up through the forms, who then reads HISTORY stories; prints the session
# cookie and the URL of a story to benchmark (one the reader has not read).
"$PYTHON" - "$with_blocks" "$HISTORY" >"$work/reader.txt" <<'PY'
import json, random, re, sys, urllib.request, urllib.parse
base, history = sys.argv[1], int(sys.argv[2])
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
opener = urllib.request.build_opener(NoRedirect)
def request(path, data=None, cookie=""):
    req = urllib.request.Request(base + path, data=data,
                                 headers={"Cookie": cookie, "User-Agent": "Mozilla/5.0 bench"})
    try:
        return opener.open(req)
    except urllib.error.HTTPError as e:  # 303 arrives here without redirects.
        return e
form = request("/account/signup")
csrf_cookie = form.headers["Set-Cookie"].split(";")[0]
token = csrf_cookie.split("=", 1)[1]
body = urllib.parse.urlencode({"csrf_token": token, "email": "bench@example.com",
                               "password": "password123"}).encode()
done = request("/account/signup", body, csrf_cookie)
session = done.headers["Set-Cookie"].split(";")[0]
urls, cursor = [], ""
while len(urls) < 4 * history:
    page = json.load(request("/api/v1/articles?limit=100" + ("&cursor=" + cursor if cursor else "")))
    urls += [a["url"] for a in page["articles"]]
    cursor = page.get("next_cursor") or ""
    if not cursor:
        break
random.seed(7)
# The reader follows two sections most of the time, as readers do.
sections = sorted({u.split("/")[1] for u in urls})[:2]
mine = [u for u in urls if u.split("/")[1] in sections]
read = random.sample(mine, min(history, len(mine) - 1))
for url in read:
    request(url, cookie=session).read()
unread = [u for u in mine if u not in set(read)]
print(session)
print(unread[0])
PY
session="$(sed -n 1p "$work/reader.txt")"
article="$(sed -n 2p "$work/reader.txt")"

measure() {  # measure URL: prints "req/s p50_ms p99_ms non2xx"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $session" "$1" \
    >"$work/wrk.out"
  "$PYTHON" bench/wrk_summary.py "$work/wrk.out"
}

curl -s -H "Cookie: $session" "$with_blocks$article" | grep -q 'Recommended For You' ||
  { echo "the page with blocks shows no recommendations"; exit 1; }
curl -s -H "Cookie: $session" "$without_blocks$article" | grep -q 'Recommended For You' &&
  { echo "the page without blocks shows recommendations"; exit 1; }

echo "wrk: $THREADS thread(s), $CONNECTIONS connections, $DURATION, signed-in reader with" \
  "$HISTORY reads; article $article"
printf '%-24s %10s %10s %10s %8s\n' page req/s p50_ms p99_ms non2xx
# In the order without, with, with, without: each page gets the same share of the WAL that
# the reader's recorded reads grow, and of the machine's drift.
declare -A sum=([without_blocks]=0 [with_blocks]=0)
for name in without_blocks with_blocks with_blocks without_blocks; do
  if [ "$name" = with_blocks ]; then base="$with_blocks"; else base="$without_blocks"; fi
  read -r rps p50 p99 bad <<<"$(measure "$base$article")"
  printf '%-24s %10s %10s %10s %8s\n' "$name" "$rps" "$p50" "$p99" "$bad"
  sum[$name]=$((sum[$name] + rps))
done
echo "ratio with/without blocks (req/s summed over both runs of each):" \
  "$("$PYTHON" -c "print(f'{${sum[with_blocks]} / ${sum[without_blocks]}:.2f}')")  (target >= 0.8)"
