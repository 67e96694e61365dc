"""The analyst notebook runs top to bottom against a built warehouse and draws the coverage chart."""

from __future__ import annotations

import base64
import os

import nbformat
import numpy as np
from nbclient import NotebookClient

from core.settings import PROJECT_ROOT


def test_notebook_executes(built_warehouse, monkeypatch):
    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    path = PROJECT_ROOT / "notebooks" / "analyst_start.ipynb"
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute(env=dict(os.environ))
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    plotly_outputs = [o for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert plotly_outputs, "the coverage chart was not drawn"
    x = plotly_outputs[-1]["data"]["application/vnd.plotly.v1+json"]["data"][0]["x"]
    if isinstance(x, dict):  # plotly 7 ships arrays as base64 typed arrays
        x = np.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"]).tolist()
    assert 100.0 in [float(v) for v in x]  # 707/707 and 85/85
