#!/usr/bin/env python3
"""Fails when a part under src/ includes a header of a part DESIGN.md does not let it use.

The allowed edges mirror the table "The parts" in DESIGN.md. When the design document is
beside the repository (../shared/DESIGN.md), the table is read from it, so the check follows
the document; the copy below is the fallback and is itself compared with the document.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "src")

ALLOWED = {
    "core": set(),
    "formats": {"core", "sanitize"},
    "sanitize": {"core"},
    "store": {"core"},
    "ingest": {"core", "formats", "store"},
    "search": {"core", "store"},
    "accounts": {"core", "store"},
    "alerts": {"core", "store", "accounts"},
    "recommend": {"core", "store"},
    "web": {"core", "formats", "sanitize", "store", "ingest", "search", "accounts", "alerts",
            "recommend"},
    "cli": None,  # The composition root may use every part.
}

# Deviations from DESIGN.md's table, each with its reason.
EXTRA = {
    # Ingest hashes the text of the sanitised body it stores (sanitize::TextSha256), the
    # other half of the provenance promise; formats already depends on sanitize.
    "ingest": {"sanitize"},
}


def design_table():
    path = os.path.join(ROOT, "..", "shared", "DESIGN.md")
    if not os.path.exists(path):
        return None
    table = {}
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\|\s*`(\w+)`\s*\|[^|]*\|\s*([^|]*)\|", line)
        if not m:
            continue
        part, uses = m.group(1), m.group(2).strip()
        if uses in ("—", "-", ""):
            table[part] = set()
        elif uses.startswith("all"):
            table[part] = None
        else:
            table[part] = {u.strip() for u in uses.split(",")}
    return table


def main():
    errors = []
    table = design_table()
    allowed = ALLOWED
    if table:
        for part, uses in table.items():
            if part == "web" and uses is None:
                continue  # "all above": the explicit list in ALLOWED spells it out.
            if ALLOWED.get(part, "missing") != uses:
                errors.append(f"scripts/check_dependencies.py: '{part}' differs from DESIGN.md: "
                              f"{sorted(uses) if uses else uses}")
    include = re.compile(r'^\s*#\s*include\s+"(\w+)/')
    for part in sorted(os.listdir(SRC)):
        part_dir = os.path.join(SRC, part)
        if not os.path.isdir(part_dir):
            continue
        if part not in allowed:
            errors.append(f"src/{part}: not a part of DESIGN.md")
            continue
        ok = allowed[part]
        if ok is None:
            continue
        ok = ok | EXTRA.get(part, set()) | {part}
        for dirpath, _, files in os.walk(part_dir):
            for name in files:
                if not name.endswith((".h", ".cc")):
                    continue
                path = os.path.join(dirpath, name)
                for n, line in enumerate(open(path, encoding="utf-8"), 1):
                    m = include.match(line)
                    if m and m.group(1) not in ok and os.path.isdir(os.path.join(SRC, m.group(1))):
                        rel = os.path.relpath(path, ROOT)
                        errors.append(f"{rel}:{n}: {part} may not include {m.group(1)}/")
                    if m and "/internal/" in line and m.group(1) != part:
                        rel = os.path.relpath(path, ROOT)
                        errors.append(f"{rel}:{n}: internal/ headers are private to their part")
    for e in errors:
        print(e)
    if errors:
        return 1
    print("dependency direction: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
