"""The ``logicnet`` command group: error handling, warnings and the command list."""

from __future__ import annotations

import sys
import warnings
from typing import Any

import click

from logicnet import __version__
from logicnet.errors import LogicnetError

__all__ = ["main", "cli"]


class LogicnetGroup(click.Group):
    """Turns every :class:`LogicnetError` into ``error: ...`` and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        previous = warnings.showwarning
        warnings.showwarning = _show_warning
        try:
            return super().invoke(ctx)
        except LogicnetError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)
        except MemoryError:
            click.echo(
                "error: out of memory: the question is too large for this machine; fix more inputs"
                " (--context/--set), use --semantics mostpermissive, or --engine asp",
                err=True,
            )
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        finally:
            warnings.showwarning = previous


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    click.echo(f"warning: {message}", err=True)


@click.group(cls=LogicnetGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="logicnet")
def cli() -> None:
    """logicnet: logical network models of signalling pathways.

    Read a network (YAML or BNet), find its attractors under drugs and
    alterations, explain escape routes and find minimal drug combinations.
    """


def _register() -> None:
    from logicnet.cli import (
        analysis_commands,
        dynamics_commands,
        model_commands,
        picture_commands,
        screen_commands,
    )

    for module in (model_commands, dynamics_commands, analysis_commands, screen_commands, picture_commands):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli.main(standalone_mode=True))
