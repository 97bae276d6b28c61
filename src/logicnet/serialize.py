"""Results as JSON, tables and notebook output: one path for every result.

:func:`to_jsonable` turns any result into JSON-ready values. A dataclass
becomes a dict of its fields; a field says how it appears through its
metadata (:func:`json_field`: under another key, converted, left out, left out
when ``None``), and a class may add computed values with ``__json_extra__``
(output key → attribute or method, dotted paths allowed). Mappings become
dicts, sets sorted lists, tuples lists, non-finite floats ``null``.

:class:`Result` gives a result dataclass the rest: ``to_dict()``, ``to_json()``,
``to_frame()`` (a pandas DataFrame of its :meth:`Result.records`; pandas is an
optional extra) and ``_repr_html_`` (a table in a notebook).
"""

from __future__ import annotations

import dataclasses
import html
import json
import math
from enum import Enum
from typing import Any, Callable, ClassVar, Mapping

__all__ = ["to_jsonable", "to_json", "json_field", "Result", "flatten"]

_UNSET: Any = dataclasses.MISSING


def json_field(default: Any = _UNSET, *, key: str | None = None, value: Callable[[Any], Any] | None = None,
               skip: bool = False, omit_none: bool = False, default_factory: Any = _UNSET,
               **options: Any) -> Any:
    """A dataclass field that appears in JSON under ``key``, converted by
    ``value`` (before the generic conversion), not at all (``skip``), or only
    when it is not ``None`` (``omit_none``)."""
    metadata = {"json": {"key": key, "value": value, "skip": skip, "omit_none": omit_none}}
    if default_factory is not _UNSET:
        return dataclasses.field(default_factory=default_factory, metadata=metadata, **options)
    return dataclasses.field(default=default, metadata=metadata, **options)


def _extra(obj: Any, path: str) -> Any:
    value = obj
    for part in path.split("."):
        value = getattr(value, part)
    return value() if callable(value) else value


def to_jsonable(value: Any) -> Any:
    """JSON-ready values for any result (see module notes)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            spec = f.metadata.get("json", {})
            if spec.get("skip"):
                continue
            item = getattr(value, f.name)
            if item is None and spec.get("omit_none"):
                continue
            if spec.get("value") is not None:
                item = spec["value"](item)
            out[spec.get("key") or f.name] = to_jsonable(item)
        for key, path in getattr(type(value), "__json_extra__", {}).items():
            out[key] = to_jsonable(_extra(value, path))
        return out
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return [to_jsonable(v) for v in sorted(value, key=_order)]
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and callable(value.item) and type(value).__module__ == "numpy":
        return value.item()  # a NumPy scalar
    return value


def _order(value: Any) -> tuple[str, str]:
    return (type(value).__name__, str(value))


def to_json(value: Any) -> str:
    """Indented JSON text of any result."""
    return json.dumps(to_jsonable(value), indent=2, ensure_ascii=False)


def flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """A JSON record with nested mappings spread into ``outer.inner`` columns
    and lists joined into text (one row of a table)."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            out[name] = "; ".join(str(v) if not isinstance(v, (dict, list)) else json.dumps(v) for v in value)
        else:
            out[name] = value
    return out


class Result:
    """What every result dataclass offers besides its fields (see module notes).

    ``__records__`` names the attribute whose items are the rows of
    :meth:`to_frame` (``None``: the result itself is the one row).
    """

    __records__: ClassVar[str | None] = None

    def to_dict(self) -> Any:
        """The JSON-ready form of this result."""
        return to_jsonable(self)

    def to_json(self) -> str:
        return to_json(self)

    def records(self) -> list[dict[str, Any]]:
        """The rows of this result as flat dicts (one per item of ``__records__``)."""
        items = [self] if self.__records__ is None else list(_extra(self, self.__records__))
        return [flatten(to_jsonable(item)) if not isinstance(item, Mapping) else flatten(item) for item in items]

    def to_frame(self) -> Any:
        """A pandas DataFrame of :meth:`records` (``pip install 'logicnet[pandas]'``)."""
        try:
            import pandas
        except ImportError:
            from logicnet.errors import LogicnetError

            raise LogicnetError("to_frame() needs pandas: pip install 'logicnet[pandas]'") from None
        return pandas.DataFrame.from_records(self.records())

    def _repr_html_(self) -> str:
        """A table of :meth:`records` for notebooks (escaped; at most 200 rows)."""
        rows = self.records()
        title = html.escape(type(self).__name__)
        if not rows:
            return f"<p><b>{title}</b>: nothing to show</p>"
        columns = list(dict.fromkeys(k for row in rows for k in row))
        head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(row.get(c, '')))}</td>" for c in columns) + "</tr>"
            for row in rows[:200]
        )
        more = f"<p>… {len(rows) - 200} more rows (to_frame() has them all)</p>" if len(rows) > 200 else ""
        return f"<p><b>{title}</b></p><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"
