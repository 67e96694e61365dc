"""python -m dashboard.export … (see cli.py)."""

import sys

from .cli import main

sys.exit(main())
