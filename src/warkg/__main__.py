"""`python -m warkg`: the `warkg` command without relying on the console script being
on PATH (CI and the pre-commit test run it this way, with the interpreter they test).
Both go through `warkg.cli.launch`, which reports Ctrl-C as `warkg: interrupted` (exit 130)."""

from __future__ import annotations

from warkg.cli.launch import main

if __name__ == "__main__":
    main()
