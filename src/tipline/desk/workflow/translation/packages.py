"""Translation models in the Argos Translate package layout, installed into ``DESK_DIR/models``.

A package is a folder holding ``metadata.json`` (``from_code``, ``to_code``, …), ``model/`` (a
CTranslate2 model) and ``sentencepiece.model``. A ``.argosmodel`` file is a zip of one such folder;
it is carried over from a connected machine — nothing here downloads anything.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tipline.desk.errors import ModelMissing, PackageError

MODELS_DIR = "models"
MAX_UNPACKED_BYTES = 4 * 1024**3  # a zip bomb guard; real packages are 50–500 MB


@dataclass(frozen=True)
class ModelPackage:
    path: Path
    source: str
    target: str
    version: str
    name: str

    @property
    def pair(self) -> str:
        return f"{self.source}→{self.target}"


def models_dir(desk_dir: Path) -> Path:
    return desk_dir / MODELS_DIR


def read_package(path: Path) -> ModelPackage:
    try:
        metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
        source, target = str(metadata["from_code"]), str(metadata["to_code"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PackageError(f"{path}: no readable metadata.json with from_code and to_code ({error})") from None
    if not (path / "model" / "model.bin").is_file() or not (path / "sentencepiece.model").is_file():
        raise PackageError(f"{path}: needs model/model.bin (CTranslate2) and sentencepiece.model")
    name = f"{metadata.get('from_name', source)} → {metadata.get('to_name', target)}"
    return ModelPackage(path, source, target, str(metadata.get("package_version", "")), name)


def installed(desk_dir: Path) -> list[ModelPackage]:
    root = models_dir(desk_dir)
    found = []
    for path in sorted(root.iterdir()) if root.is_dir() else []:
        if path.is_dir() and not path.name.startswith("."):
            try:
                found.append(read_package(path))
            except PackageError:
                continue
    return found


def find_model(desk_dir: Path, source: str, target: str) -> ModelPackage:
    for package in reversed(installed(desk_dir)):  # the newest install of a pair wins on ties
        if package.source == source and package.target == target:
            return package
    raise ModelMissing(source, target, models_dir(desk_dir))


def _top_folder(archive: zipfile.ZipFile) -> str:
    tops = set()
    total = 0
    for info in archive.infolist():
        parts = info.filename.rstrip("/").split("/")
        # Refuse absolute paths, "..", "." ("./" has no name at all: it crashed the install),
        # empty parts, backslashes, hidden top folders and symlinks: a package must not write
        # outside its folder.
        unsafe = (
            any(part in {"", ".", ".."} for part in parts)
            or "\\" in info.filename
            or parts[0].startswith(".")
            or (info.external_attr >> 16) & 0o170000 == 0o120000
        )
        if unsafe:
            raise PackageError(f"unsafe path in package: {info.filename!r}")
        total += info.file_size
        tops.add(parts[0])
    if len(tops) != 1:
        raise PackageError("an .argosmodel holds exactly one top folder")
    if total > MAX_UNPACKED_BYTES:
        raise PackageError("package unpacks to more than 4 GiB")
    return tops.pop()


def install(desk_dir: Path, package_file: Path) -> ModelPackage:
    """Unpack an ``.argosmodel`` into the models folder (replacing the same package), checked first."""
    root = models_dir(desk_dir)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        with zipfile.ZipFile(package_file) as archive:
            top = _top_folder(archive)
            staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=root))
            try:
                for info in archive.infolist():
                    # Checked again where it would land: nothing is written outside the staging folder.
                    if not (staging / info.filename).resolve().is_relative_to(staging.resolve()):
                        raise PackageError(f"unsafe path in package: {info.filename!r}")
                archive.extractall(staging)
                package = read_package(staging / top)
                destination = root / top
                if destination.exists():
                    shutil.rmtree(destination)
                (staging / top).rename(destination)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except (zipfile.BadZipFile, OSError) as error:
        raise PackageError(f"{package_file}: not a readable .argosmodel zip ({error})") from None
    return ModelPackage(destination, package.source, package.target, package.version, package.name)
