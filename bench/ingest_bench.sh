#!/usr/bin/env bash
# Ingest benchmark: wiredesk's parse-only and end-to-end ingest (parse, sanitise, dedupe, store,
# index into a fresh SQLite file, cluster each new story, one thread) over a generated corpus in RSS 2.0, Atom 1.0 and
# NewsML-G2, beside pugixml's bare DOM parse of the same bytes (the ceiling) and Python
# feedparser parsing the same RSS and Atom files, all in the same run. Prints items/s, MB/s and
# the ratios against the issue's targets.
#
#   bench/ingest_bench.sh [path/to/ingest_bench]   (default build/release/bench/ingest_bench)
#   ITEMS=N to change the corpus size (default 100000, a third in each format).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-build/release/bench/ingest_bench}"
ITEMS="${ITEMS:-100000}"
# Debian's python3-feedparser lives in the system interpreter, not in a pyenv or venv one.
PYTHON="${PYTHON:-/usr/bin/python3}"
[ -x "$BIN" ] || { echo "$BIN is missing: ninja -C build/release ingest_bench"; exit 1; }
"$PYTHON" -c 'import feedparser' 2>/dev/null || { echo "python3-feedparser is missing: run scripts/setup"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$BIN" generate "$work" --items "$ITEMS"
"$BIN" run "$work" >"$work/cc.txt"

# feedparser over the same files, read into memory first as the C++ side does.
"$PYTHON" - "$work" >"$work/py.txt" <<'PY'
import glob, os, sys, time, feedparser
work = sys.argv[1]
for fmt in ("rss", "atom"):
    docs = [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(work, fmt, "*.xml")))]
    start, cpu = time.perf_counter(), time.process_time()
    items = 0
    for d in docs:
        items += len(feedparser.parse(d).entries)
    print(f"{fmt}_feedparser_seconds {time.perf_counter() - start:.6f}")
    print(f"{fmt}_feedparser_cpu_seconds {time.process_time() - cpu:.6f}")
    print(f"{fmt}_feedparser_items {items}")
PY

"$PYTHON" - "$work/cc.txt" "$work/py.txt" <<'PY'
import sys, feedparser
# Rates use CPU time (the process's own): the machine may be shared, and wall time then
# measures the neighbours. CLOCK=wall switches to wall time.
import os
clock = os.environ.get("CLOCK", "cpu")
v = {}
for path in sys.argv[1:]:
    for line in open(path):
        key, value = line.split()
        v[key] = float(value)
if clock == "cpu":
    for key in [k for k in v if k.endswith("_cpu_seconds")]:
        v[key.replace("_cpu_seconds", "_seconds")] = v[key]
print(f"rates from {clock} time")
formats = ("rss", "atom", "newsml")
names = {"rss": "RSS 2.0", "atom": "Atom 1.0", "newsml": "NewsML-G2"}
def rate(items, nbytes, seconds):
    return items / seconds, nbytes / seconds / 1e6
print(f"{'':22} {'items':>8} {'MB':>7} | {'parse items/s':>13} {'MB/s':>7} | "
      f"{'pugixml MB/s':>12} | {'feedparser items/s':>18}")
for f in formats:
    items, nbytes = v[f + "_items"], v[f + "_bytes"]
    ips, mbs = rate(items, nbytes, v[f + "_parse_seconds"])
    _, pmbs = rate(items, nbytes, v[f + "_pugixml_seconds"])
    fp = f"{v[f + '_feedparser_items'] / v[f + '_feedparser_seconds']:18,.0f}" \
        if f + "_feedparser_seconds" in v else f"{'-':>18}"
    print(f"{names[f]:22} {items:8,.0f} {nbytes / 1e6:7.1f} | {ips:13,.0f} {mbs:7.1f} | "
          f"{pmbs:12.1f} | {fp}")
items = sum(v[f + "_items"] for f in formats)
nbytes = sum(v[f + "_bytes"] for f in formats)
parse_s = sum(v[f + "_parse_seconds"] for f in formats)
pugi_s = sum(v[f + "_pugixml_seconds"] for f in formats)
ips, mbs = rate(items, nbytes, parse_s)
print(f"{'all formats':22} {items:8,.0f} {nbytes / 1e6:7.1f} | {ips:13,.0f} {mbs:7.1f} | "
      f"{nbytes / pugi_s / 1e6:12.1f} |")
ingest_ips, ingest_mbs = rate(items, nbytes, v["ingest_seconds"])
print(f"\nend-to-end ingest (parse, sanitise, dedupe, store, index, cluster; SQLite, one thread): "
      f"{ingest_ips:,.0f} items/s, {ingest_mbs:.1f} MB/s "
      f"(new {v['ingest_new']:.0f}, duplicates {v['ingest_duplicates']:.0f}, "
      f"rejected {v['ingest_rejected']:.0f})")
print(f"  of which story clustering: {v['ingest_clustering_cpu_seconds'] / v['ingest_cpu_seconds']:.0%} "
      f"of the CPU time ({v['ingest_clustering_cpu_seconds']:.2f} of {v['ingest_cpu_seconds']:.2f} s)")
ours_rss_atom = (v["rss_items"] + v["atom_items"]) / (v["rss_parse_seconds"] + v["atom_parse_seconds"])
fp_rss_atom = (v["rss_feedparser_items"] + v["atom_feedparser_items"]) / \
    (v["rss_feedparser_seconds"] + v["atom_feedparser_seconds"])
print(f"\nratios (same run, feedparser {feedparser.__version__}):")
print(f"  parse vs feedparser (RSS + Atom items/s): {ours_rss_atom / fp_rss_atom:8.1f}x  (target >= 100x)")
print(f"  parse vs bare pugixml DOM (MB/s, all):    {parse_s and pugi_s / parse_s:8.2f}x  (target >= 0.3x)")
print(f"  end-to-end ingest items/s vs target:      {ingest_ips / 20000:8.2f}x  (target >= 20,000 items/s)")
PY
