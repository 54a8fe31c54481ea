"""The runnable parts of a documentation page, read from its Markdown.

- ```` ```console ```` blocks: each line starting with `$ ` is a shell command, and the
  lines after it, up to the next command or the end of the block, are what the
  terminal shows (standard output and standard error together);
- blocks with a `title="NAME"` attribute (```` ```sparql title="armenia.rq" ````) are
  files the reader saves; they are written, in page order, before the commands after
  them run;
- ```` ```pycon ```` blocks are Python sessions (`>>>` and `...` lines, then the
  output), run by doctest in one namespace, in page order;
- `http://127.0.0.1:8000/...` addresses are pages of `warkg serve`.

`python -m tests.docs.tutorial --write` runs the console commands and rewrites their
shown output in the page (for a maintainer after a deliberate change; tests only read).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "docs" / "tutorial" / "index.md"

_FENCE = re.compile(r"^(?P<fence>```+)(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=fence)\s*$", re.S | re.M)
_TITLE = re.compile(r'title="([^"]+)"')
LOCAL_PAGE = re.compile(r"http://127\.0\.0\.1:8000(/[^\s()\[\]`\"'<>]*)")


@dataclass
class Command:
    line: int  # where the command is in the page (1-based)
    command: str
    shown: str  # the output the page shows


@dataclass
class Step:
    """A file to write, or a command to run, in page order."""

    file: tuple[str, str] | None = None
    command: Command | None = None


@dataclass
class Page:
    path: Path
    text: str
    steps: list[Step] = field(default_factory=list)
    python: str = ""  # every pycon block, in order

    @property
    def commands(self) -> list[Command]:
        return [s.command for s in self.steps if s.command is not None]

    @property
    def addresses(self) -> list[str]:
        """The local pages the text sends the reader to, each once, in order."""
        return list(dict.fromkeys(LOCAL_PAGE.findall(self.text)))


def read(path: Path = TUTORIAL) -> Page:
    text = path.read_text(encoding="utf-8")
    page = Page(path, text)
    for match in _FENCE.finditer(text):
        info, body = match.group("info").strip(), match.group("body")
        language = info.split()[0] if info else ""
        start = text.count("\n", 0, match.start("body")) + 1
        title = _TITLE.search(info)
        if title:
            page.steps.append(Step(file=(title.group(1), body)))
        elif language == "console":
            page.steps += [Step(command=c) for c in _commands(body, start)]
        elif language == "pycon":
            page.python += body + "\n"
    return page


def _commands(body: str, first_line: int) -> list[Command]:
    commands: list[Command] = []
    for offset, line in enumerate(body.splitlines()):
        if line.startswith("$ "):
            commands.append(Command(first_line + offset, line[2:], ""))
        elif commands:
            commands[-1].shown += line + "\n"
    return commands


def environment() -> dict[str, str]:
    """The reader's shell: this interpreter's `warkg` first on PATH, no colours, no
    terminal width (the output is not a terminal, so tables are not fitted)."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("COLUMNS", None)
    return env


def run(command: str, cwd: Path) -> str:
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    return done.stdout


def replay(page: Page, cwd: Path) -> list[tuple[Command, str]]:
    """Write the page's files and run its commands in `cwd`, in page order: each
    command with what it printed."""
    outputs = []
    for step in page.steps:
        if step.file is not None:
            name, body = step.file
            (cwd / name).write_text(body, encoding="utf-8")
        else:
            assert step.command is not None
            outputs.append((step.command, run(step.command.command, cwd)))
    return outputs


def _write(path: Path) -> None:
    import tempfile

    page = read(path)
    lines = page.text.splitlines(keepends=True)
    with tempfile.TemporaryDirectory() as folder:
        outputs = replay(page, Path(folder))
    # Rewrite from the end, so earlier line numbers stay valid.
    for command, output in reversed(outputs):
        start = command.line  # the line after the command (0-based index == 1-based line)
        end = start + len(command.shown.splitlines())
        lines[start:end] = [line + "\n" for line in output.splitlines()]
    path.write_text("".join(lines), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.docs.tutorial --write")
    _write(TUTORIAL)
