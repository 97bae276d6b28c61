"""Turning result dataclasses into JSON-ready values (and JSON text)."""

from __future__ import annotations

import dataclasses
import json
import math
from enum import Enum
from typing import Any, Mapping

__all__ = ["to_jsonable", "to_json"]


def to_jsonable(value: Any) -> Any:
    """Dataclasses become dicts, mappings dicts, sets sorted lists, tuples lists.

    A dataclass may define ``to_dict()`` to choose its own shape.
    """
    if hasattr(value, "to_dict") and callable(value.to_dict) and not isinstance(value, type):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value) if f.repr}
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
    return value


def _order(value: Any) -> tuple[str, str]:
    return (type(value).__name__, str(value))


def to_json(value: Any) -> str:
    """Indented JSON text of any result."""
    return json.dumps(to_jsonable(value), indent=2, ensure_ascii=False)
