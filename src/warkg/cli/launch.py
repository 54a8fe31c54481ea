"""The `warkg` console script and `python -m warkg`: Ctrl-C at any moment ends the
command with `warkg: interrupted` on standard error and exit code 130, never a traceback.

An interrupt can come while Python is still importing the command line or a library
(most of a short command's time), while a command runs, or while forked worker
processes validate shapes (`shacl_parallel`) and, being in the terminal's process group,
get the same Ctrl-C. So this module, which imports nothing of ours, installs its handler
before anything else is imported, and the handler raises KeyboardInterrupt only in the
process that installed it: a forked worker ignores the signal and is ended by its
parent as the parent unwinds, without printing the worker's own traceback.

`warkg.cli.main(argv)` stays the in-process entry point for tests (an interrupt there
is click's Abort, reported the same way).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Sequence

EXIT_INTERRUPTED = 130
MESSAGE = "warkg: interrupted"


def guarded(work: Callable[[], int]) -> int:
    """`work()`'s exit code, or 130 after printing MESSAGE if Ctrl-C (SIGINT) comes
    while it runs, including while it imports. The handler it installs is left in
    place: the interpreter exits next. A process started with SIGINT ignored (as a
    shell starts a background job) keeps ignoring it, as Python itself does."""
    owner = os.getpid()

    def interrupted(_signum: int, _frame: object) -> None:
        if os.getpid() == owner:
            raise KeyboardInterrupt
        # A forked worker: its parent has the same interrupt and ends it.

    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        return work()  # started with interrupts ignored (nohup, a background job): keep it
    signal.signal(signal.SIGINT, interrupted)
    try:
        return work()
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C changes nothing
        # After the ^C the terminal echoed, on a line of its own, as click does.
        sys.stderr.write(f"\n{MESSAGE}\n")
        sys.stderr.flush()
        return EXIT_INTERRUPTED


GC_THRESHOLD = (10_000, 10, 10)
"""The collector's thresholds for a `warkg` process. Python's default starts a young
collection every 700 net new container objects; imports and rdflib build hundreds of
thousands of objects that all live until exit, so those collections find almost
nothing. Fewer young collections save CPU (docs/decisions.md); cycles are still
collected."""


def run(argv: Sequence[str] | None = None) -> int:
    """`warkg ARGS` with interrupts handled; the exit code."""
    gc.set_threshold(*GC_THRESHOLD)

    def command() -> int:
        from warkg.cli.main import main

        return main(argv)

    return guarded(command)


def main() -> None:
    """The console script (`warkg`, see pyproject.toml) and `python -m warkg`."""
    sys.exit(run())
