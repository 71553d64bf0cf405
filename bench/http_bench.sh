#!/usr/bin/env bash
# HTTP benchmark: wiredesk's cached article page and home page against nginx serving the same
# article bytes from a file, with the same wrk settings, in the same run. Prints req/s, p50 and
# p99 for each and the ratios. Uses only loopback.
#
#   bench/http_bench.sh [path/to/wiredesk]   (default build/release/src/cli/wiredesk)
#   WRK_DURATION=10s WRK_CONNECTIONS=64 WRK_THREADS=2 to change the load.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-build/release/src/cli/wiredesk}"
DURATION="${WRK_DURATION:-10s}"
CONNECTIONS="${WRK_CONNECTIONS:-64}"
THREADS="${WRK_THREADS:-2}"
command -v wrk >/dev/null || { echo "wrk is missing: run scripts/setup"; exit 1; }
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

work="$(mktemp -d)"
cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# wiredesk on a free port, seeded with the bundled sample.
"$BIN" serve --data "$work/data" --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q 'listening on' "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
base="$(grep -o 'http://[^ ]*' "$work/serve.out" | head -n1)"
base="${base%/}"
[ -n "$base" ] || { echo "wiredesk did not start"; cat "$work/serve.err"; exit 1; }
article="$(curl -s "$base/api/v1/articles?section=news/world&limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"][0]["url"])')"

# nginx serving the same article bytes.
mkdir -p "$work/www"
# nginx workers run as an unprivileged user: they must be able to read the file.
chmod 755 "$work" "$work/www"
curl -s "$base$article" -o "$work/www/article.html"
chmod 644 "$work/www/article.html"
nginx_port=$((20000 + RANDOM % 20000))
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 100000;
  default_type text/html;
  gzip on; gzip_types text/html; gzip_min_length 256;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location / { try_files /article.html =404; }
  }
}
CONF
mkdir -p "$work/tmp"
"$NGINX" -c "$work/nginx.conf" -p "$work"
sleep 0.3

# Runs wrk and prints "req/s p50 p99" (latencies in ms).
measure() {
  local url="$1"; shift
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" >"$work/wrk.out"
  python3 bench/wrk_summary.py "$work/wrk.out"
}

gz=(-H 'Accept-Encoding: gzip')
echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION, keep-alive; article $article"
printf '%-34s %12s %10s %10s %8s\n' target req/s p50_ms p99_ms non2xx
declare -A R
for spec in "wiredesk_article|$base$article|" "nginx_article|http://127.0.0.1:$nginx_port/|" \
            "wiredesk_article_gzip|$base$article|gz" "nginx_article_gzip|http://127.0.0.1:$nginx_port/|gz" \
            "wiredesk_home|$base/|" "wiredesk_home_gzip|$base/|gz"; do
  IFS='|' read -r name url enc <<<"$spec"
  if [ "$enc" = gz ]; then out="$(measure "$url" "${gz[@]}")"; else out="$(measure "$url")"; fi
  R[$name]="$out"
  read -r rps p50 p99 bad <<<"$out"
  printf '%-34s %12s %10s %10s %8s\n' "$name" "$rps" "$p50" "$p99" "$bad"
done
ratio() { python3 -c "print(f'{float(\"$1\")/float(\"$2\"):.2f}')"; }
read -r a _ <<<"${R[wiredesk_article]}"; read -r n _ <<<"${R[nginx_article]}"
read -r ag _ <<<"${R[wiredesk_article_gzip]}"; read -r ng _ <<<"${R[nginx_article_gzip]}"
echo "ratio wiredesk/nginx, article plain: $(ratio "$a" "$n")  (target >= 0.8)"
echo "ratio wiredesk/nginx, article gzip:  $(ratio "$ag" "$ng")  (target >= 0.8)"
