"""The denials unit tests import their in-memory fakes (denials_fakes.py) from beside them."""

from __future__ import annotations

import sys
from pathlib import Path

# A service-specific module name: every service's unit tests share one process under `make unit`.
sys.path.insert(0, str(Path(__file__).parent))
# The synthetic remittance facts are the integration tests' own builders (no stack needed to build them).
sys.path.insert(0, str(Path(__file__).parents[1] / "integration"))
