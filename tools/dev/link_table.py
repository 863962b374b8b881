#!/usr/bin/env python3
"""Which of the project's libraries each program links, as CMake resolves it.

Configures the tree into a scratch folder with `cmake --graphviz`, follows
each program's link edges transitively, and prints a Markdown table (one row
per program, one column per library). With --update, rewrites the table
between the <!-- links --> markers of docs/architecture.md.
Usage: tools/dev/link_table.py [--update]
"""
import os
import re
import subprocess
import sys
import tempfile

root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROGRAMS = ["guichet-kiosk", "guichet-sync", "guichet-hub", "guichet-partner", "guichet-pack", "guichet-queue"]

with tempfile.TemporaryDirectory() as build:
    subprocess.run(["cmake", "-S", root, "-B", build, "-G", "Ninja", "-DGUICHET_TESTS=OFF", "-DGUICHET_BENCH=OFF",
                    f"--graphviz={build}/graph.dot"], check=True, stdout=subprocess.DEVNULL)
    with open(f"{build}/graph.dot", encoding="utf-8") as fh:
        dot = fh.read()

names = dict(re.findall(r'"(node\d+)"\s*\[\s*label\s*=\s*"([^"]+)"', dot))
edges = {}
for a, b in re.findall(r'"(node\d+)"\s*->\s*"(node\d+)"', dot):
    edges.setdefault(names[a], set()).add(names[b])


def closure(target):
    seen, todo = set(), [target]
    while todo:
        for dep in edges.get(todo.pop(), ()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


linked = {p: {d for d in closure(p) if d.startswith("guichet_")} for p in PROGRAMS if p in names.values()}
libraries = sorted(set().union(*linked.values()))
lines = ["| library | " + " | ".join(f"`{p}`" for p in linked) + " |",
         "|---|" + "---|" * len(linked)]
for lib in libraries:
    lines.append(f"| `{lib}` | " + " | ".join("●" if lib in linked[p] else "" for p in linked) + " |")
table = "\n".join(lines)

if "--update" in sys.argv:
    path = os.path.join(root, "docs", "architecture.md")
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    start = text.index("<!-- links:")
    start = text.index("\n", start) + 1
    end = text.index("<!-- /links -->")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text[:start] + table + "\n" + text[end:])
else:
    print(table)
