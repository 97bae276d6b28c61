"""Reading and writing text files with the checks every format needs:
missing, empty, binary, oversized or endless files (devices, pipes), control
characters, and never overwriting without being asked.

Every reader goes through :func:`read_text`, so the size limit of
:mod:`logicnet.limits` holds for every format.
"""

from __future__ import annotations

import encodings.utf_8_sig  # noqa: F401 - the codec every read uses, loaded with the module, not on a first read
import errno
import os
import re
import stat
from pathlib import Path

from logicnet.errors import FormatError, LogicnetError, SourceLocation
from logicnet.limits import MAX_FILE_BYTES

__all__ = ["read_text", "write_text", "check_writable", "check_text", "line_and_column", "describe_os_error"]

#: C0 control characters other than tab, line feed and carriage return, and DEL
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _size(n: int) -> str:
    return f"{n:,} bytes"


def describe_os_error(exc: OSError) -> str:
    """``permission denied`` for an :class:`OSError`: its reason, in lower case."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return reason[:1].lower() + reason[1:]


def line_and_column(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of the character (or byte) at ``offset``."""
    newline = "\n" if isinstance(text, str) else b"\n"
    line = text.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    start = text.rfind(newline, 0, offset) + 1  # type: ignore[arg-type]
    return line, offset - start + 1


def _read_bounded(path: Path, what: str, where: SourceLocation) -> bytes:
    """The bytes of ``path``, refusing anything that is not a regular file or a
    pipe, and never reading more than the limit (a pipe may be endless)."""
    try:
        info = path.stat()  # follows links: a link to /dev/zero is a device
    except FileNotFoundError:
        if path.is_symlink():
            raise FormatError(f"the {what} is a link to {os.readlink(path)}, which does not exist", where) from None
        raise FormatError(f"{what} not found", where) from None
    except OSError as exc:
        raise FormatError(f"cannot read the {what}: {describe_os_error(exc)}", where) from None
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise FormatError(f"this is a directory, not a {what}", where)
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        kind = "a socket" if stat.S_ISSOCK(mode) else "a device"
        raise FormatError(f"this is {kind}, not a {what}: give a regular file", where)
    if stat.S_ISREG(mode) and info.st_size > MAX_FILE_BYTES:
        raise FormatError(
            f"the {what} has {_size(info.st_size)}: logicnet reads files of at most"
            f" {_size(MAX_FILE_BYTES)} ({MAX_FILE_BYTES / 2**20:g} MiB; see 'Limits' in the format documentation)",
            where,
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FormatError(f"cannot read the {what}: {describe_os_error(exc)}", where) from None
    if len(data) > MAX_FILE_BYTES:
        raise FormatError(
            f"the {what} is longer than {_size(MAX_FILE_BYTES)} ({MAX_FILE_BYTES / 2**20:g} MiB), the most logicnet reads"
            " (see 'Limits' in the format documentation)",
            where,
        )
    return data


def check_text(text: str, source: str | None, *, what: str = "network file") -> None:
    """Refuse control characters (other than tab and line ends), naming the
    first one's line and column."""
    found = _CONTROL.search(text)
    if found is None:
        return
    line, column = line_and_column(text, found.start())
    char = found.group(0)
    name = "a NUL byte" if char == "\x00" else f"control character U+{ord(char):04X}"
    raise FormatError(
        f"{name}: a {what} is plain text (letters, digits, punctuation, spaces, tabs and line breaks);"
        " remove it or retype the line",
        SourceLocation(source, line, column),
    )


def read_text(path: str | Path, *, what: str = "network file") -> str:
    """The UTF-8 text of ``path``; a clear error if it is missing, empty,
    binary, too large, not a regular file, or holds control characters."""
    path = Path(path)
    where = SourceLocation(str(path))
    data = _read_bounded(path, what, where)
    if not data.strip():
        raise FormatError(f"the {what} is empty", where)
    if data.startswith(_UTF16_BOMS):
        raise FormatError(f"the {what} is UTF-16 text: save it as UTF-8", where)
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        line, column = line_and_column(data, nul)
        raise FormatError(f"this is a binary file, not a {what} (a NUL byte here; text expected)",
                          SourceLocation(str(path), line, column))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = line_and_column(data, exc.start)
        raise FormatError(
            f"the {what} is not UTF-8 text (undecodable byte 0x{data[exc.start]:02x} at offset {exc.start});"
            " save it as UTF-8",
            SourceLocation(str(path), line, column),
        ) from None
    check_text(text, str(path), what=what)
    return text


def check_writable(path: str | Path, *, force: bool = False) -> Path:
    """Refuse to replace an existing file unless ``force`` is given, and refuse
    folders, missing folders and folders one cannot write to."""
    path = Path(path)
    if path.is_dir():
        raise LogicnetError(f"cannot write {path}: it is a folder; give a file name, as in {path / 'out'}")
    if path.exists() and not force:
        raise LogicnetError(f"{path} already exists; use --force to overwrite it")
    parent = path.parent
    if not parent.exists():
        raise LogicnetError(f"cannot write {path}: folder {parent} does not exist")
    if not parent.is_dir():
        raise LogicnetError(f"cannot write {path}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK):
        raise LogicnetError(f"cannot write {path}: permission denied on folder {parent}")
    return path


def write_text(path: str | Path, text: str, *, force: bool = False) -> Path:
    """Write ``text`` to ``path`` (UTF-8), refusing to overwrite unless ``force``;
    a partly written file (disk full) is removed."""
    path = check_writable(path, force=force)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)) and path.is_file():
            path.unlink()  # never leave half a network file behind
        raise LogicnetError(f"cannot write {path}: {describe_os_error(exc)}") from None
    return path
