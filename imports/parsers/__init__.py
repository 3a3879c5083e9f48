"""
The import formats: each module's ``parse(upload, *, today, track)``
returns a ``records.Batch``. ``read_upload`` turns a path (a file, a folder
or a .zip) into the ``Upload`` they read.
"""

import importlib
import io
import zipfile
from pathlib import Path, PurePosixPath

from catalog.documents import MAX_DOCUMENT_BYTES, check_size
from catalog.errors import FormatError

from .base import ImportFormatError, Upload, round_prices

# Imported on use: the catalog parser needs Django, the others do not.
PARSERS = {
    "models.dev": "imports.parsers.models_dev",
    "litellm": "imports.parsers.litellm",
    "genai-prices": "imports.parsers.genai_prices",
    "catalog": "imports.parsers.catalog",
}
FORMATS = tuple(PARSERS)
SINGLE_FILE_FORMATS = frozenset({"litellm", "catalog"})

# A file bigger than MAX_DOCUMENT_BYTES (the admin's upload limit) is refused,
# and a .zip or folder bigger than this once unpacked (a zip bomb, or the
# wrong folder).
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_TREE_FILES = 50_000
TREE_SUFFIXES = (".toml", ".json", ".yml", ".yaml")


def parse(format_name, upload, *, today, track=None):
    """Return the Batch of ``upload`` read as ``format_name``."""
    if format_name not in PARSERS:
        raise ImportFormatError(
            f"unknown format {format_name!r}; choose one of {', '.join(FORMATS)}"
        )
    if format_name in SINGLE_FILE_FORMATS and upload.is_tree:
        raise ImportFormatError(
            f"{upload.name}: {format_name} data is one JSON file, not a folder or .zip"
        )
    if (
        format_name == "models.dev"
        and not upload.is_tree
        and upload.name.endswith(".toml")
    ):
        raise ImportFormatError(
            f"{upload.name}: give the whole models.dev tree (a folder or a .zip) "
            "or its api.json, not one TOML file"
        )
    kwargs = {"today": today}
    if track is not None:
        kwargs["track"] = track
    batch = importlib.import_module(PARSERS[format_name]).parse(upload, **kwargs)
    round_prices(batch)
    return batch


def read_path(path):
    """Return the Upload for a file, a folder (a tree) or a .zip (a tree)."""
    path = Path(path)
    if path.is_dir():
        files, total = {}, 0
        for file in sorted(path.rglob("*")):
            if file.is_file() and file.suffix.lower() in TREE_SUFFIXES:
                total += file.stat().st_size
                if total > MAX_UNPACKED_BYTES:
                    raise ImportFormatError(f"{path}: the folder holds too much data")
                files[file.relative_to(path).as_posix()] = file.read_bytes()
                if len(files) > MAX_TREE_FILES:
                    raise ImportFormatError(f"{path}: more than {MAX_TREE_FILES} files")
        return Upload(name=path.name, files=files, is_tree=True)
    try:
        check_size(str(path), path.stat().st_size)
        content = path.read_bytes()
    except OSError as error:
        raise ImportFormatError(f"cannot read {path}: {error.strerror}") from None
    except FormatError as error:
        raise ImportFormatError(error.errors) from None
    return read_upload(path.name, content)


def read_upload(name, content):
    """Return the Upload for a file's bytes: a .zip is unpacked into a tree."""
    if not name.lower().endswith(".zip"):
        return Upload(name=name, files={name: content})
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise ImportFormatError(f"{name}: not a valid .zip file") from None
    files, total = {}, 0
    with archive:
        for info in archive.infolist():
            member = PurePosixPath(info.filename)
            if info.is_dir() or member.suffix.lower() not in TREE_SUFFIXES:
                continue
            if member.is_absolute() or ".." in member.parts:
                raise ImportFormatError(
                    f"{name}: unsafe path {info.filename!r} in the .zip"
                )
            total += info.file_size
            if (
                total > MAX_UNPACKED_BYTES
                or info.file_size > MAX_DOCUMENT_BYTES
                or len(files) >= MAX_TREE_FILES
            ):
                raise ImportFormatError(f"{name}: the .zip unpacks to too much data")
            try:
                files[member.as_posix()] = archive.read(info)
            except (zipfile.BadZipFile, OSError) as error:
                raise ImportFormatError(
                    f"{name}: cannot unpack {info.filename}: {error}"
                ) from None
    return Upload(name=name, files=files, is_tree=True)
