"""Screen results on disk: appended as they complete, valid at every moment,
and readable back to resume an interrupted screen.

* ``.csv``: one line per combination, appended and flushed as results arrive;
  a line cut short by an interruption is dropped when the file is read back.
* ``.json``: ``{"rows": [...]}``, rewritten atomically (temporary file, then
  rename) after every batch.
* ``.parquet`` (needs pyarrow): results go to a CSV journal beside it
  (``NAME.parquet.partial.csv``) during the run; the Parquet file is written
  at the end and the journal removed.

When the screen finishes, the file is rewritten in the screen's stable order
with the synergy calls, so an interrupted and resumed screen ends with the same
file as an uninterrupted one.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from logicnet.errors import LogicnetError
from logicnet.serialize import to_jsonable

__all__ = ["ResultsFile", "COLUMNS", "Column"]


@dataclass(frozen=True)
class Column:
    """A column of the results: ``kind`` says how it is written in CSV
    (text, ``+``-joined names, a number, a count or a flag) and ``default`` is
    its value in a file written before the column existed."""

    name: str
    kind: str
    default: object = None

    def write(self, value: object) -> str:
        if self.kind == "text":
            return str(value or "")
        if self.kind == "names":
            return "+".join(value)  # type: ignore[arg-type]
        if self.kind == "number":
            return "" if value is None or (isinstance(value, float) and math.isnan(value)) else repr(float(value))  # type: ignore[arg-type]
        if self.kind == "flag":
            return str(bool(value)).lower()
        return str(value)

    def read(self, text: str) -> object:
        if self.kind == "text":
            return text or None
        if self.kind == "names":
            return [d for d in text.split("+") if d]
        if self.kind == "number":
            return float(text) if text else None
        if self.kind == "flag":
            return text == "true"
        return int(text)


#: The columns of a screen's results, in file order (later ones were added
#: after the first release: files without them are read with their defaults).
COLUMNS = (
    Column("context", "text"),
    Column("drugs", "names"),
    Column("score", "number"),
    Column("attractors", "count"),
    Column("hsa", "flag", False),
    Column("bliss", "flag", False),
    Column("complete", "flag", True),
    Column("timed_out", "flag", False),
    Column("hsa_excess", "number"),
    Column("bliss_excess", "number"),
    Column("bliss_expected", "number"),
)
NAMES = tuple(c.name for c in COLUMNS)


def _row_to_fields(row: dict[str, object]) -> list[str]:
    return [column.write(row.get(column.name, column.default)) for column in COLUMNS]


def _check_row(row: object) -> None:
    """Raise TypeError or ValueError unless ``row`` is a row this module wrote."""
    if not isinstance(row, dict) or not set(NAMES[:4]) <= set(row):
        raise TypeError("not a row")
    for column in COLUMNS:  # columns added later take their defaults
        row.setdefault(column.name, column.default)
    if not isinstance(row["drugs"], list) or not all(isinstance(d, str) for d in row["drugs"]):
        raise TypeError("drugs")
    if row["score"] is not None:
        float(row["score"])
    int(row["attractors"])


class ResultsFile:
    """The output of a screen (see module notes)."""

    def __init__(self, path: str | Path, *, resume: bool = False, force: bool = False):
        self.path = Path(path)
        suffix = self.path.suffix.lower()
        if suffix not in (".csv", ".json", ".parquet"):
            raise LogicnetError(f"cannot write screen results to '{self.path.name}': use .csv, .json or .parquet")
        if suffix == ".parquet" and importlib.util.find_spec("pyarrow") is None:
            raise LogicnetError("writing .parquet needs pyarrow: pip install 'logicnet[parquet]'")
        self.kind = suffix[1:]
        self.journal = self.path.with_name(self.path.name + ".partial.csv") if self.kind == "parquet" else None
        exists = self.path.exists() or (self.journal is not None and self.journal.exists())
        if exists and not (resume or force):
            raise LogicnetError(f"{self.path} already exists; use --resume to continue it or --force to replace it")
        if not self.path.parent.exists():
            raise LogicnetError(f"cannot write {self.path}: folder {self.path.parent} does not exist")
        self._rows: list[dict[str, object]] = self.read() if (exists and resume) else []
        # nothing is written until the first result: a screen that fails before
        # any work leaves no file behind (and its corrected re-run is not refused)
        self._started = False

    # ------------------------------------------------------------------ reading
    def read(self) -> list[dict[str, object]]:
        """The rows already in the file (for ``--resume``)."""
        if self.kind == "json":
            try:
                rows = list(json.loads(self.path.read_text())["rows"])
                for row in rows:
                    _check_row(row)
                return rows
            except (ValueError, KeyError, TypeError):
                raise LogicnetError(f"{self.path} is not a logicnet screen result; cannot resume it") from None
        source = self.journal if self.kind == "parquet" and self.journal and self.journal.exists() else self.path
        if self.kind == "parquet" and source == self.path:
            import pyarrow.parquet as pq

            defaults = {c.name: c.default for c in COLUMNS}
            return [{**defaults, **r, "drugs": list(r["drugs"])} for r in pq.read_table(self.path).to_pylist()]
        return self._read_csv(source)

    def _read_csv(self, source: Path) -> list[dict[str, object]]:
        try:
            text = source.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise LogicnetError(f"{source} is not a logicnet screen result (not text); cannot resume it") from None
        lines = text.splitlines(keepends=True)
        header = tuple(lines[0].strip().split(",")) if lines else ()
        if len(header) < 4 or header != NAMES[: len(header)]:
            raise LogicnetError(f"{source} is not a logicnet screen result (columns {', '.join(NAMES)}); cannot resume it")
        rows = []
        for number, line in enumerate(lines[1:], start=2):
            if not line.endswith("\n"):
                break  # cut short by an interruption
            fields = next(csv.reader([line]))
            if len(fields) != len(header):
                break
            row = {column.name: column.default for column in COLUMNS}
            try:
                row.update({column.name: column.read(text) for column, text in zip(COLUMNS, fields)})
            except ValueError:
                raise LogicnetError(f"{source}:{number}: not a screen result row (score a number, attractors a"
                                    " whole number); cannot resume it") from None
            rows.append(row)
        return rows

    @property
    def rows(self) -> list[dict[str, object]]:
        return list(self._rows)

    # ------------------------------------------------------------------ writing
    def _start(self) -> None:
        self._started = True
        if self.kind == "json":
            self._write_json(self._rows)
        else:
            self._write_csv(self.journal or self.path, self._rows)

    def _write_csv(self, target: Path, rows: Iterable[dict[str, object]]) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(NAMES)
        for r in rows:
            writer.writerow(_row_to_fields(r))
        self._replace(target, buffer.getvalue())

    def _write_json(self, rows: Sequence[dict[str, object]]) -> None:
        self._replace(self.path, json.dumps({"rows": list(rows)}, indent=1) + "\n")

    @staticmethod
    def _replace(target: Path, text: str) -> None:
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_text(text)
        os.replace(temporary, target)

    def append(self, rows: Sequence[object]) -> None:
        """Record new results now (the file stays valid if the run stops here)."""
        if not self._started:
            self._start()
        dicts = [to_jsonable(row) for row in rows]
        self._rows.extend(dicts)
        if self.kind == "json":
            self._write_json(self._rows)
            return
        with open(self.journal or self.path, "a", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            for row in dicts:
                writer.writerow(_row_to_fields(row))
            handle.flush()
            os.fsync(handle.fileno())

    def finish(self, rows: Sequence[object]) -> None:
        """Write the final rows (stable order, synergy calls)."""
        dicts = [to_jsonable(row) for row in rows]
        if self.kind == "json":
            self._write_json(dicts)
        elif self.kind == "csv":
            self._write_csv(self.path, dicts)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            temporary = self.path.with_name(self.path.name + ".tmp")
            pq.write_table(pa.Table.from_pylist(dicts), temporary)
            os.replace(temporary, self.path)
            if self.journal is not None and self.journal.exists():
                self.journal.unlink()
