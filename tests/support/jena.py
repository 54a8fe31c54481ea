"""Jena SHACL (Debian's libapache-jena-java) as the second engine the tests compare
warkg with: the `shacl` command's Java call, and many cases validated in one JVM
(tests/jena/ShaclCases.java, run from source by `java`, no build step)."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterable
from pathlib import Path

JAVA_LIBS = Path("/usr/share/java")
_LEFT_OUT = ("slf4j-jcl", "slf4j-jdk14", "slf4j-log4j12", "slf4j-nop", "slf4j-migrator")
_CASES = Path(__file__).resolve().parents[1] / "jena" / "ShaclCases.java"


def missing() -> str | None:
    """Why Jena cannot run here, or None."""
    if shutil.which("java") is None or not (JAVA_LIBS / "jena-shacl.jar").exists():
        return "Jena's shacl needs java and Debian's libapache-jena-java"
    return None


def classpath(messages: Path) -> str:
    """Debian's jars, with Xerces' message files copied into `messages`: Debian's
    jena-core carries them only under Jena's own package name, while its classes look
    them up under `xerces`; without them Jena fails at start-up with "internal error"."""
    with zipfile.ZipFile(JAVA_LIBS / "jena-core.jar") as jar:
        for name in jar.namelist():
            prefix = "org/apache/jena/ext/xerces/impl/"
            if name.startswith(prefix) and name.endswith(".properties"):
                target = messages / "xerces" / "impl" / name.removeprefix(prefix)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    jars = [
        str(jar)
        for jar in sorted(JAVA_LIBS.glob("*.jar"))
        if not jar.name.startswith(_LEFT_OUT) and "log4j-over" not in jar.name
    ]
    return os.pathsep.join([str(messages), *jars])


def shacl_command(messages: Path) -> list[str]:
    """The `shacl validate` command line (append --shapes and --data)."""
    return ["java", "-cp", classpath(messages), "shacl.shacl", "validate"]


def validate_cases(messages: Path, folders: Iterable[Path], timeout: float = 600) -> None:
    """Validate each folder's shapes.ttl and data.ttl in one JVM; each gets jena.nt (the
    report with the data graph) or jena.error."""
    folders = [str(folder) for folder in folders]
    if not folders:
        return
    subprocess.run(
        ["java", "-cp", classpath(messages), str(_CASES), *folders],
        capture_output=True,
        timeout=timeout,
        check=True,
    )
