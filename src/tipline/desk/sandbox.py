"""Running the programs that parse hostile files (mat2, exiftool) inside bubblewrap.

A submitted file may be crafted to exploit a parser (threat T8). Each run gets a new set of
namespaces with no network, a read-only /usr and /etc, an empty /tmp, and only its own work
folder (under the desk's tmp/) writable — so an exploited parser can neither phone home nor
touch the desk folder, the identity or the journalist's home.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from tipline.desk.errors import SandboxUnavailable

BWRAP = "/usr/bin/bwrap"
SANDBOX_WORK = "/work"
_TIMEOUT = 300


def bwrap_path() -> str:
    found = shutil.which("bwrap") or (BWRAP if Path(BWRAP).exists() else None)
    if found is None:
        raise SandboxUnavailable("bubblewrap (bwrap) is not installed: files cannot be cleaned safely")
    return found


# Only what mat2, exiftool and Python need from /etc: never the whole of it (no /etc/shadow,
# no host keys), so an exploited parser has nothing worth smuggling into a "cleaned" file.
_ETC = ("/etc/ld.so.cache", "/etc/fonts", "/etc/alternatives", "/etc/mime.types", "/etc/localtime")


def _system_mounts() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for etc in _ETC:
        args += ["--ro-bind-try", etc, etc]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        path = Path(top)
        if path.is_symlink():
            args += ["--symlink", str(path.readlink()), top]
        elif path.is_dir():
            args += ["--ro-bind", top, top]
    return args


def sandbox_command(argv: Sequence[str], work: Path, read_only: Mapping[str, str] | None = None) -> list[str]:
    """bwrap's command line; ``read_only`` maps host files to where the sandbox sees them."""
    extra = [arg for host, inside in (read_only or {}).items() for arg in ("--ro-bind", host, inside)]
    return [
        bwrap_path(),
        *_system_mounts(),
        "--proc", "/proc",
        "--dev", "/dev",
        "--tmpfs", "/tmp",  # noqa: S108 - a fresh tmpfs inside the sandbox, not the host /tmp
        "--bind", str(work), SANDBOX_WORK,
        *extra,
        "--chdir", SANDBOX_WORK,
        "--unshare-all",  # network, IPC, PID, UTS, user, cgroup: no network at all
        "--cap-drop", "ALL",  # even when the desk runs as root
        "--die-with-parent",
        "--new-session",  # no TIOCSTI into the journalist's terminal
        "--clearenv",
        "--setenv", "PATH", "/usr/bin:/bin",
        "--setenv", "HOME", SANDBOX_WORK,
        "--setenv", "TMPDIR", SANDBOX_WORK,
        "--setenv", "LANG", "C.UTF-8",
        *argv,
    ]  # fmt: skip


def run_sandboxed(
    argv: Sequence[str], work: Path, timeout: float = _TIMEOUT, read_only: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` with ``work`` as its only writable folder (mounted at /work)."""
    try:
        return subprocess.run(  # noqa: S603 - fixed argv, no shell
            sandbox_command(argv, work, read_only),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(list(argv), 124, "", f"timed out after {timeout:.0f}s")
