"""Reading and writing text files with the checks every format needs:
missing, empty or binary files, and never overwriting without being asked."""

from __future__ import annotations

from pathlib import Path

from logicnet.errors import FormatError, LogicnetError, SourceLocation

__all__ = ["read_text", "write_text", "check_writable"]


def read_text(path: str | Path, *, what: str = "network file") -> str:
    """The UTF-8 text of ``path``; a clear error if it is missing, empty or binary."""
    path = Path(path)
    where = SourceLocation(str(path))
    if not path.exists():
        raise FormatError(f"{what} not found", where)
    if path.is_dir():
        raise FormatError(f"this is a directory, not a {what}", where)
    data = path.read_bytes()
    if not data.strip():
        raise FormatError(f"the {what} is empty", where)
    if b"\x00" in data[:8192]:
        raise FormatError(f"this is a binary file, not a {what} (text expected)", where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(
            f"the {what} is not UTF-8 text (undecodable byte at offset {exc.start})",
            SourceLocation(str(path), line),
        ) from None


def check_writable(path: str | Path, *, force: bool = False) -> Path:
    """Refuse to replace an existing file unless ``force`` is given."""
    path = Path(path)
    if path.exists() and not force:
        raise LogicnetError(f"{path} already exists; use --force to overwrite it")
    if path.parent and not path.parent.exists():
        raise LogicnetError(f"cannot write {path}: folder {path.parent} does not exist")
    return path


def write_text(path: str | Path, text: str, *, force: bool = False) -> Path:
    """Write ``text`` to ``path`` (UTF-8), refusing to overwrite unless ``force``."""
    path = check_writable(path, force=force)
    path.write_text(text, encoding="utf-8")
    return path
