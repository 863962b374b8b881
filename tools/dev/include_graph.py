#!/usr/bin/env python3
"""Include graph between the tree's areas (libraries and programs).

Prints one line per edge "FROM -> TO  (N includes)", where an area is a
library or program folder: kiosk/core/<lib>, kiosk/ui, kiosk/platform,
kiosk/app, sync/<part>, tools/<tool>. Quoted includes are resolved against
the files of the tree (the longest path that ends with the include wins);
system headers are ignored. Used for the before/after of code moves
(docs/architecture.md). Usage: tools/dev/include_graph.py [ROOT]
"""
import os
import re
import sys
from collections import Counter

root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
SOURCES = ("kiosk", "sync", "tools")
include_re = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def area(path):
    parts = path.split("/")
    if parts[0] == "kiosk" and len(parts) > 2 and parts[1] == "core":
        return "/".join(parts[:3])
    if parts[0] in ("kiosk", "sync", "tools") and len(parts) > 2:
        return "/".join(parts[:2])
    return parts[0]


files = []
for top in SOURCES:
    for d, _, names in os.walk(os.path.join(root, top)):
        for n in names:
            if n.endswith((".cpp", ".hpp", ".h", ".cpp.in")):
                files.append(os.path.relpath(os.path.join(d, n), root))
by_suffix = {}
for f in files:
    parts = f.split("/")
    for i in range(len(parts)):
        by_suffix.setdefault("/".join(parts[i:]), []).append(f)

edges = Counter()
for f in files:
    with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    for inc in include_re.findall(text):
        local = os.path.normpath(os.path.join(os.path.dirname(f), inc))
        if local in files:
            target = local
        else:
            candidates = by_suffix.get(inc.lstrip("./"), [])
            if not candidates:
                continue
            # Prefer a candidate in the including file's own area.
            same = [c for c in candidates if area(c) == area(f)]
            target = (same or sorted(candidates))[0]
        if area(target) != area(f):
            edges[(area(f), area(target))] += 1

for (a, b), n in sorted(edges.items()):
    print(f"{a} -> {b}  ({n})")
