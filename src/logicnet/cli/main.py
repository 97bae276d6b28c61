"""The ``logicnet`` command group: error handling, warnings and the command list."""

from __future__ import annotations

import sys
import warnings
from importlib import import_module
from typing import Any

import click

from logicnet import __version__
from logicnet.cli.supervise import requested_timeout, run_bounded
from logicnet.errors import LogicnetError

__all__ = ["main", "cli"]


#: Each command and the module that defines it: a command's module (and what
#: it needs: engines, matplotlib) is imported only when the command runs.
COMMAND_MODULES = {
    "validate": "model_commands",
    "info": "model_commands",
    "convert": "model_commands",
    "attractors": "dynamics_commands",
    "fixed-points": "dynamics_commands",
    "check": "analysis_commands",
    "escape": "analysis_commands",
    "combos": "analysis_commands",
    "analyze": "analysis_commands",
    "screen": "screen_commands",
    "render": "picture_commands",
    "simulate": "picture_commands",
    "report": "picture_commands",
}


class LogicnetGroup(click.Group):
    """Turns every :class:`LogicnetError` into ``error: ...`` and exit status 2;
    loads a command's module when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMAND_MODULES:
            return None
        module = import_module(f"logicnet.cli.{COMMAND_MODULES[cmd_name]}")
        return next(c for c in module.COMMANDS if c.name == cmd_name)

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


def main() -> None:
    """Console-script entry point (bounded by a child process when
    ``--timeout`` is given, see :mod:`logicnet.cli.supervise`)."""
    timeout = requested_timeout(sys.argv[1:])
    if timeout is not None:
        status = run_bounded(timeout)
        if status is not None:  # the supervising parent
            sys.exit(status)
    sys.exit(cli.main(standalone_mode=True))
