"""Run the intake's reader on one input in a child process, bounded: the answer (problem codes and row count),
its peak memory and whether it finished in time. For the hostile-file and fuzz tests (issue #13: never a
traceback, a hang over 10 s, or more than 1 GB)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from core.settings import PROJECT_ROOT

SECONDS = 10
MEMORY = 1 << 30
_CHILD = """
import json, resource, sys, traceback
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))     # a safety net; the test checks 1 GB itself
from etl.template.read import read_table
data = open(sys.argv[1], "rb").read()
try:
    table, problems = read_table(data, sys.argv[2])
    out = {"rows": len(table.rows) if table else 0, "codes": [p.code for p in problems],
           "rows_named": [p.row for p in problems]}
except BaseException:
    out = {"traceback": traceback.format_exc()}
out["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps(out))
"""


@dataclass
class Outcome:
    codes: list[str]
    rows: int
    maxrss: int
    traceback: str | None
    timed_out: bool
    rows_named: list

    @property
    def clean(self) -> bool:
        return not self.timed_out and self.traceback is None and self.maxrss < MEMORY


def read_bounded(data: bytes, name: str, tmp: Path) -> Outcome:
    path = tmp / "input.bin"
    path.write_bytes(data)
    try:
        r = subprocess.run([sys.executable, "-c", _CHILD, str(path), name], capture_output=True, text=True,
                           timeout=SECONDS, cwd=PROJECT_ROOT)
    except subprocess.TimeoutExpired:
        return Outcome([], 0, 0, None, True, [])
    try:
        out = json.loads(r.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return Outcome([], 0, 0, r.stderr[-3000:] or "no output", False, [])
    return Outcome(out.get("codes", []), out.get("rows", 0), out["maxrss"], out.get("traceback"), False,
                   out.get("rows_named", []))
