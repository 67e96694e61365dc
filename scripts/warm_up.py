"""Warm a just-started dashboard server: one script run through Streamlit's script health check, so the first
visitor's page does not wait for the app's modules to import (about 0.9 s). `make run` starts it beside the
server; a service unit can run it as ExecStartPost. Gives up quietly after a minute.

    python scripts/warm_up.py [PORT]
"""

from __future__ import annotations

import sys
import time
import urllib.request


def main(port: int) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/script-health-check", timeout=60) as r:
                return 0 if r.status == 200 else 1
        except OSError:
            time.sleep(0.3)
    return 1


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8501))
