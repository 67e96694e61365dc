"""The fuzz test (issue #13): Hypothesis over the number parser, the CSV and XLSX readers and wide headers (tests/fuzz_targets.py),
run in a child process: every input ends in a value or a clean rejection (no other exception), none takes
over 10 s (Hypothesis's deadline), and the child's peak memory stays under 1 GB. Bounded for CI by
FUZZ_EXAMPLES (150 per target by default); raise it for a longer run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT

TESTS = Path(__file__).resolve().parent.parent
CHILD = """
import json, resource, sys
sys.path.insert(0, sys.argv[1])
import fuzz_targets
done = []
for target in fuzz_targets.TARGETS:
    target()
    done.append(target.__name__)
print(json.dumps({"done": done, "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def test_fuzzed_inputs_end_in_a_value_or_a_clean_rejection():
    pytest.importorskip("hypothesis")
    env = {**os.environ, "FUZZ_EXAMPLES": os.environ.get("FUZZ_EXAMPLES", "150")}
    r = subprocess.run([sys.executable, "-c", CHILD, str(TESTS)], capture_output=True, text=True, timeout=540,
                       cwd=PROJECT_ROOT, env=env)
    assert r.returncode == 0, r.stderr[-6000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["done"] == ["fuzz_numbers", "fuzz_csv", "fuzz_wide_header", "fuzz_bytes", "fuzz_xlsx", "fuzz_xlsx_bytes"]
    assert out["maxrss"] < 1 << 30, out
