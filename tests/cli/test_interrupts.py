"""Ctrl-C ends any command with `warkg: interrupted` and exit code 130, never a
traceback: while Python imports the command line or a library, and while forked workers
validate in parallel (every process of the terminal's group gets the SIGINT).

The interrupts are real SIGINTs. To land one inside an import every time, rather than
at a random moment, the child process sends it to itself from an import hook the
moment a given module starts to be imported."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import warkg

SRC = Path(warkg.__file__).resolve().parents[1]
INTERRUPTED = "\nwarkg: interrupted\n"

# Sends SIGINT to this process when MODULE starts to be imported, then runs warkg.
INTERRUPT_ON_IMPORT = """
import os, signal, sys

class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, Interrupt())
sys.argv = ["warkg", *{args!r}]
from warkg.cli.launch import main
main()
"""


def _as_in_a_terminal() -> None:
    """SIGINT as a terminal's foreground job has it. A shell without job control starts
    background commands with SIGINT ignored, and a child inherits that: Python then
    installs no KeyboardInterrupt handler and Ctrl-C could not reach warkg at all, which
    is what happened to these tests under `bash -c '... &'`."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_child(code: str, **options) -> subprocess.Popen:
    options.setdefault("preexec_fn", _as_in_a_terminal)
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **options,
    )


@pytest.mark.parametrize(
    ("module", "args"),
    [
        ("click", ["--help"]),  # importing the command line itself
        ("pyoxigraph", ["query", "casualty-figures"]),  # a library the command imports
        ("rdflib", ["query", "casualty-figures", "--backend", "rdflib"]),
        ("pyshacl", ["validate", "--bundled"]),
        ("yaml", ["queries", "no-such-query"]),  # never imported: the command ends first
    ],
    ids=["click", "pyoxigraph", "rdflib", "pyshacl", "not-imported"],
)
def test_an_interrupt_during_an_import(module: str, args: list[str]) -> None:
    child = run_child(INTERRUPT_ON_IMPORT.format(module=module, args=args))
    out, err = child.communicate(timeout=120)
    if module == "yaml":
        assert (child.returncode, err) == (
            2,
            "warkg: no stored query named 'no-such-query'; available: belligerents, "
            "casualty-figures, claim-references, claimant-claims, "
            "claims-without-provenance-violation, conflicting-figures, reference-supports, "
            "side-by-side-figures, sources-by-language, sources-by-publisher, timeline, "
            "uncited-claims, uncited-references\n",
        )
        return
    assert (child.returncode, out, err) == (130, "", INTERRUPTED)


PARALLEL = """
import os, sys, time
from rdflib import Graph
from warkg.cli import launch
from warkg.validation import parallel as shacl_parallel

def check(shape):
    os.write(1, f"started {shape}\\n".encode())  # one write: lines do not interleave
    time.sleep(60)
    return shape

def work():
    shacl_parallel.run(check, Graph(), [1, 2, 3, 4], 2)
    return 0

sys.exit(launch.guarded(work))
"""


def test_an_interrupt_during_parallel_validation_prints_no_worker_traceback() -> None:
    """As a terminal does, the SIGINT goes to the whole process group: the parent and
    both forked workers."""
    child = run_child(PARALLEL, start_new_session=True)
    assert child.stdout is not None
    started = [child.stdout.readline(), child.stdout.readline()]
    assert sorted(line.split()[0] for line in started) == ["started", "started"]
    os.killpg(child.pid, signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert (child.returncode, out, err) == (130, "", INTERRUPTED)
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):  # the workers were ended with their parent
        os.killpg(child.pid, 0)


def test_an_interrupt_inside_a_command_in_process(capsys, monkeypatch) -> None:
    """`cli.main` (the in-process entry point) reports click's Abort the same way."""
    from warkg.catalogue import stored as stored_queries
    from warkg.cli import main as cli

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(stored_queries, "list_queries", interrupted)
    assert cli.main(["queries"]) == 130
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", INTERRUPTED)


def test_python_m_warkg_goes_through_the_launcher() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "warkg", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{warkg.__version__}\n", "")


def test_a_command_started_with_interrupts_ignored_keeps_ignoring_them() -> None:
    """As Python itself does (nohup, a shell's background job): the command completes."""
    child = run_child(
        INTERRUPT_ON_IMPORT.format(module="click", args=["version"]),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    out, err = child.communicate(timeout=120)
    assert (child.returncode, out, err) == (0, f"{warkg.__version__}\n", "")
