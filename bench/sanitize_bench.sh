#!/usr/bin/env bash
# Sanitiser benchmark: wiredesk's SanitizeHtml (C++, Gumbo) against Python bleach over the same
# documents, in the same run. Prints MB/s for each and the ratio, and beside them a bare Gumbo
# parse of the same documents (the ceiling of any design that parses every input), the sanitiser
# without its fast paths, and SanitizeHtml over only the documents that need the parser.
#
# Both sides are timed in CPU time of the process (Google Benchmark's default; time.process_time
# for Python): the machine is shared, and wall time would charge each side for the other's load.
#
# The documents are built at run time from the shared corpora (nothing is committed): the HTML
# of every content/description/summary element of the feedparser-wellformed feeds, and every
# Reuters-21578 BODY text with its paragraphs wrapped in <p>.
#
#   bench/sanitize_bench.sh [path/to/sanitize_bench]   (default build/release/bench/sanitize_bench)
#   WIREDESK_SHARED=/path/to/shared to use another corpora folder.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-build/release/bench/sanitize_bench}"
SHARED="${WIREDESK_SHARED:-../shared}"
# Debian's python3-bleach lives in the system interpreter, not in a pyenv or venv one.
PYTHON="${PYTHON:-/usr/bin/python3}"
[ -x "$BIN" ] || { echo "$BIN is missing: ninja -C build/release sanitize_bench"; exit 1; }
[ -d "$SHARED/corpora" ] || { echo "$SHARED/corpora is missing: set WIREDESK_SHARED"; exit 1; }
"$PYTHON" -c 'import bleach' 2>/dev/null || { echo "python3-bleach is missing: run scripts/setup"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The corpus: documents separated by NUL bytes.
"$PYTHON" - "$SHARED/corpora" "$work/corpus" <<'PY'
import glob, html, os, re, sys
import xml.etree.ElementTree as ET

corpora, out = sys.argv[1], sys.argv[2]
docs = []
wanted = {"description", "encoded", "content", "summary", "body"}
for path in sorted(glob.glob(os.path.join(corpora, "feedparser-wellformed", "**", "*.xml"),
                             recursive=True)):
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, ValueError):
        continue
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag.rsplit("}", 1)[-1] not in wanted:
            continue
        if len(element):  # Inline XHTML: its serialised children.
            text = (element.text or "") + "".join(
                ET.tostring(child, encoding="unicode") for child in element)
        else:
            text = element.text or ""
        if text.strip():
            docs.append(text)
feeds = len(docs)

for path in sorted(glob.glob(os.path.join(corpora, "reuters-21578", "*.sgm"))):
    with open(path, encoding="latin-1") as f:
        sgml = f.read()
    for body in re.findall(r"<BODY>(.*?)</BODY>", sgml, re.S):
        body = body.replace("\x03", "").replace("&#3;", "")
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n(?=    )", body) if p.strip()]
        docs.append("".join("<p>" + p + "</p>\n" for p in paragraphs))

with open(out, "w", encoding="utf-8") as f:
    f.write("\0".join(d.replace("\0", "") for d in docs))
size = os.path.getsize(out)
print(f"corpus: {len(docs)} documents ({feeds} feed HTML, {len(docs) - feeds} Reuters), "
      f"{size / 1e6:.1f} MB")
PY

# wiredesk: Google Benchmark, bytes per second of input.
"$BIN" "$work/corpus" --benchmark_format=json --benchmark_min_time=2 >"$work/cc.json"

# bleach with the closest allowlist to wiredesk's policy (src/sanitize/internal/policy.cc):
# the same elements and attributes, http/https/mailto/tel links, disallowed tags stripped.
py=$("$PYTHON" - "$work/corpus" <<'PY'
import sys, time, bleach
docs = open(sys.argv[1], encoding="utf-8").read().split("\0")
size = sum(len(d.encode("utf-8")) for d in docs)
tags = ["p", "br", "hr", "a", "em", "strong", "b", "i", "u", "s", "q", "blockquote", "cite",
        "abbr", "time", "sub", "sup", "small", "mark", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
        "li", "dl", "dt", "dd", "figure", "figcaption", "img", "source", "picture", "table",
        "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "pre", "code", "span", "div"]
common = ["title", "lang", "dir"]
attributes = {"*": common, "a": common + ["href", "hreflang"], "q": common + ["cite"],
              "blockquote": common + ["cite"], "time": common + ["datetime"],
              "img": common + ["src", "srcset", "alt", "width", "height", "sizes", "loading"],
              "source": common + ["srcset", "type", "media", "sizes"],
              "th": common + ["colspan", "rowspan", "scope"], "td": common + ["colspan", "rowspan"]}
cleaner = bleach.sanitizer.Cleaner(tags=tags, attributes=attributes,
                                   protocols=["http", "https", "mailto", "tel"], strip=True,
                                   strip_comments=True)
runs, start = 0, time.process_time()
while True:
    for d in docs:
        cleaner.clean(d)
    runs += 1
    elapsed = time.process_time() - start
    if elapsed >= 2:
        break
print(size * runs / elapsed / 1e6)
PY
)

"$PYTHON" - "$work/cc.json" "$py" <<'PY'
import json, sys
import bleach
results = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
def mbps(name):
    return results[name]["bytes_per_second"] / 1e6 if name in results else float("nan")
cc, py = mbps("SanitizeHtml/corpus"), float(sys.argv[2])
gumbo = mbps("GumboParse/corpus")
print(f"wiredesk SanitizeHtml: {cc:8.2f} MB/s")
print(f"bleach {bleach.__version__:>14}: {py:8.2f} MB/s")
print(f"ratio: {cc / py:.1f}x (target >= 30x)")
print(f"ceiling, bare Gumbo parse of every document: {gumbo:8.2f} MB/s ({gumbo / py:.1f}x bleach)")
print(f"without fast paths (parse, rebuild, re-parse): "
      f"{mbps('SanitizeHtmlByReparsing/corpus'):8.2f} MB/s")
parsed = results.get("SanitizeHtml/parsed-documents")
if parsed:
    print(f"SanitizeHtml on the {int(parsed['documents'])} documents that need the parser: "
          f"{mbps('SanitizeHtml/parsed-documents'):8.2f} MB/s "
          f"(bare Gumbo parse of them: {mbps('GumboParse/parsed-documents'):8.2f} MB/s)")
PY
