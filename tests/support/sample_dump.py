"""The real wikitext warkg develops its readers on: gensim's wheel (PyPI) ships a shortened
English Wikipedia dump of 206 pages, among them "American Revolutionary War" (revision
717770601). Tests fetch it with pip and keep only that file in a cache; nothing of the
article is copied into this repository.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

WHEEL = "gensim==4.4.0"
MEMBER = (
    "gensim/test/test_data/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
)
SHA256 = "a53f4648dec40467ebdcbc7a1307eddb51fe6e28e9309f6ebde81ba0d04bea2d"
# Any gensim 4.4.0 wheel carries the same file; these tags name one that exists.
PLATFORM = ("--platform", "manylinux_2_28_x86_64", "--python-version", "3.11")


class Unavailable(Exception):
    """The file could not be fetched (no network, registry refused)."""


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "warkg-tests"


def sample_dump() -> Path:
    """The cached dump, fetched on first use; Unavailable when it cannot be had."""
    target = cache_dir() / Path(MEMBER).name
    if target.exists() and _digest(target) == SHA256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        command = [
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
            "--only-binary=:all:", *PLATFORM, "--dest", scratch, WHEEL,
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        wheels = list(Path(scratch).glob("gensim-*.whl"))
        if done.returncode != 0 or not wheels:
            last = (done.stderr.strip().splitlines() or ["no wheel"])[-1]
            raise Unavailable(f"pip download {WHEEL} failed: {last}")
        with zipfile.ZipFile(wheels[0]) as wheel, wheel.open(MEMBER) as member:
            partial = target.with_suffix(f".{os.getpid()}.part")  # test processes race
            partial.write_bytes(member.read())
    if _digest(partial) != SHA256:
        partial.unlink()
        raise Unavailable(f"{MEMBER} in {WHEEL} does not have the expected SHA-256")
    partial.replace(target)
    return target


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
