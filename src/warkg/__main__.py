"""`python -m warkg`: the `warkg` command without relying on the console script being
on PATH (CI and the pre-commit test run it this way, with the interpreter they test)."""

from __future__ import annotations

import sys

from warkg.cli import main

if __name__ == "__main__":
    sys.exit(main())
