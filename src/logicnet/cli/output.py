"""Printing helpers shared by commands: rich tables on stdout, JSON documents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Sequence

import click

from logicnet.serialize import to_json

if TYPE_CHECKING:  # rich is imported when a table is printed: JSON output does without it
    from rich.console import Console
    from rich.table import Table

__all__ = ["console", "table", "print_json", "FORMAT_OPTION", "escape"]


def escape(text: str) -> str:
    """``text`` shown as it is by rich (never read as markup)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def console() -> Console:
    """A console on stdout (plain text, 120 columns, when not a terminal)."""
    from rich.console import Console

    out = Console(highlight=False, soft_wrap=False)
    if not out.is_terminal:
        out = Console(highlight=False, soft_wrap=False, width=120)
    return out


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    """A rich table; cells are plain text (never read as markup). Empty column
    names hide the header."""
    from rich.table import Table

    t = Table(title=escape(title) if title else None, title_justify="left",
              show_header=any(columns))
    for column in columns:
        t.add_column(escape(column))
    for row in rows:
        t.add_row(*(escape(str(cell)) for cell in row))
    return t


def print_json(value: Any) -> None:
    click.echo(to_json(value))


def FORMAT_OPTION(*choices: str) -> Any:  # noqa: N802 - reads like a decorator
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )
