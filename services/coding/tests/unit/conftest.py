"""The coding unit tests import their in-memory fakes (coding_fakes.py) from beside them."""

from __future__ import annotations

import sys
from pathlib import Path

# A service-specific module name: every service's unit tests share one process under `make unit`.
sys.path.insert(0, str(Path(__file__).parent))
