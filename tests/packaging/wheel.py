"""A wheel built from a clean clone, installed into a virtualenv outside the checkout.

The virtualenv is cached per content of the lock files it was made from (installing the pinned
dependencies takes minutes; installing the wheel, seconds), under ~/.cache/tipline-wheel-venvs or
$TIPLINE_WHEEL_VENVS. A lock file guards each one: parallel runs wait for each other.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
VENV_CACHE = Path(os.environ.get("TIPLINE_WHEEL_VENVS", "~/.cache/tipline-wheel-venvs")).expanduser()
INSTALL_TIMEOUT = 1800


def run(command: Sequence[str], cwd: Path, timeout: float = 600) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    assert 0 == result.returncode, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def clean_clone(destination: Path) -> Path:
    """The committed HEAD of this checkout, cloned: nothing untracked or generated comes along."""
    head = run(["git", "rev-parse", "HEAD"], CHECKOUT).strip()
    run(["git", "clone", "--quiet", "--no-checkout", str(CHECKOUT), str(destination)], destination.parent)
    run(["git", "checkout", "--quiet", head], destination)
    return destination


def build_wheel(clone: Path, out: Path) -> Path:
    """`pip wheel` of the clone with the build backend pinned in requirements/build.txt (this
    checkout's venv has it), without network access to an index."""
    run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "-w", str(out), str(clone)],
        clone.parent,
    )  # fmt: skip
    (wheel,) = out.glob("tipline-*.whl")
    return wheel


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pip(venv: Path) -> list[str]:
    """The venv's own pip, or, in a venv made without one, this Python's pip aimed at it."""
    if (venv / "bin/pip").exists():
        return [str(venv / "bin/python"), "-m", "pip"]
    return [sys.executable, "-m", "pip", "--python", str(venv / "bin/python")]


@contextmanager
def venv_with_locks(
    clone: Path, locks: Sequence[str], *, with_pip: bool = True, compile_bytecode: bool = True
) -> Iterator[Path]:
    """A virtualenv outside the checkout holding exactly the pinned ``locks`` (hash-checked), and
    nothing of tipline yet; cached per the locks' content and held (locked) while in use. Without
    pip, it holds only what runs (a server installed from outside, as a package manager would).
    Without ``compile_bytecode``, modules are compiled when first imported (half the install's CPU
    for the desk's venv, whose NLP libraries are mostly never imported by the story)."""
    digest = hashlib.sha256()
    for lock in locks:
        digest.update((clone / "requirements" / f"{lock}.txt").read_bytes())
    kind = f"{'' if with_pip else '-nopip'}{'' if compile_bytecode else '-nocompile'}"
    venv = VENV_CACHE / f"{'-'.join(locks)}{kind}-{digest.hexdigest()[:16]}"
    with _locked(venv.with_suffix(".lock")):
        if not (venv / ".complete").exists():
            shutil.rmtree(venv, ignore_errors=True)
            base = getattr(sys, "_base_executable", sys.executable)
            run([base, "-m", "venv", *([] if with_pip else ["--without-pip"]), str(venv)], VENV_CACHE)
            requirements = [arg for lock in locks for arg in ("-r", str(clone / "requirements" / f"{lock}.txt"))]
            run(
                [
                    *_pip(venv),
                    "install",
                    "--quiet",
                    "--require-hashes",
                    "--no-deps",
                    *([] if compile_bytecode else ["--no-compile"]),
                    *requirements,
                ],
                VENV_CACHE,
                timeout=INSTALL_TIMEOUT,
            )
            (venv / ".complete").touch()
        yield venv


def install_wheel(venv: Path, wheel: Path) -> None:
    """The wheel alone (its dependencies are the venv's pinned ones), replacing any earlier build."""
    run([*_pip(venv), "install", "--quiet", "--no-deps", "--force-reinstall", str(wheel)], venv)


def size_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20
