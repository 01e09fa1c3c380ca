#!/usr/bin/env python3
"""Adds every public symbol the build reports as undeclared (RS0016) to PublicAPI.Unshipped.txt.

Usage, after changing public API on purpose: python3 tools/public-api/update.py
Then review the diff of src/*/PublicAPI.Unshipped.txt like any other change. At release, move the
lines of Unshipped into Shipped.
"""
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = ["src/Persona4Rec.Core/Persona4Rec.Core.csproj", "src/Persona4Rec.Onnx/Persona4Rec.Onnx.csproj", "src/Persona4Rec.Hnsw/Persona4Rec.Hnsw.csproj", "src/Persona4Rec.Orleans/Persona4Rec.Orleans.csproj"]
PATTERN = re.compile(r"error RS0016: Symbol '(.+?)' is not part of the declared public API.*\[(.+?\.csproj)\]")

for _ in range(3):  # a project's errors hide those of projects that reference it
    # Projects that reference Core are built one by one (MSBuild takes one project per call).
    output = "".join(subprocess.run(["dotnet", "build", "--no-incremental", project], cwd=ROOT, capture_output=True, text=True).stdout for project in PROJECTS[1:])
    found = {}
    for symbol, project in PATTERN.findall(output):
        found.setdefault(Path(project).parent, set()).add(symbol)
    if not found:
        break
    for folder, symbols in found.items():
        unshipped = folder / "PublicAPI.Unshipped.txt"
        lines = [l for l in unshipped.read_text().splitlines() if l and l != "#nullable enable"]
        merged = sorted(set(lines) | symbols, key=str.lower)
        unshipped.write_text("#nullable enable\n" + "\n".join(merged) + "\n")
        print(f"{unshipped.relative_to(ROOT)}: {len(symbols)} symbols added")
