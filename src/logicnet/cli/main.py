"""The ``logicnet`` command group: error handling, warnings and the command list."""

from __future__ import annotations

import errno
import os
import sys
import warnings
from importlib import import_module
from typing import Any

import click

from logicnet import __version__
from logicnet.cli.supervise import requested_timeout, run_bounded
from logicnet.errors import LogicnetError

__all__ = ["main", "cli", "error_message", "DEBUG_VARIABLE"]


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
    """Turns every error into one line ``error: ...`` and exit status 2 (130 on
    Ctrl-C), never a traceback; loads a command's module when it is asked for."""

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
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click reports these itself (usage errors exit 2)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # the reader of our output went away (``logicnet info x | head``): stop quietly,
            # with click's status for this case
            _silence_stdout()
            ctx.exit(1)
        except Exception as exc:  # noqa: BLE001 - the one place every error becomes a message
            if os.environ.get(DEBUG_VARIABLE) and not isinstance(exc, LogicnetError):
                raise
            click.echo("error: " + " ".join(error_message(exc).splitlines()), err=True)
            ctx.exit(2)
        finally:
            warnings.showwarning = previous


#: set this environment variable to see the traceback of an unexpected error
DEBUG_VARIABLE = "LOGICNET_DEBUG"

#: libraries whose failures are reported by name, and what they do for logicnet
_LIBRARIES = {
    "clingo": "clingo (the asp engine)",
    "dd": "dd/CUDD (the symbolic engine)",
    "distributed": "the Dask cluster",
    "dask": "Dask",
    "yaml": "PyYAML",
    "boolean": "boolean.py",
    "networkx": "networkx",
    "matplotlib": "matplotlib",
    "graphviz": "Graphviz",
    "numpy": "NumPy",
    "pyarrow": "pyarrow",
}


def _origin(exc: BaseException) -> str | None:
    """The top-level package whose code raised ``exc`` (the innermost frame)."""
    tb = exc.__traceback__
    module = None
    while tb is not None:
        module = tb.tb_frame.f_globals.get("__name__", module)
        tb = tb.tb_next
    return module.split(".")[0] if isinstance(module, str) else None


def error_message(exc: BaseException) -> str:
    """The one line shown for ``exc`` after ``error:``: what failed and, where
    the user can act, what to do."""
    if isinstance(exc, LogicnetError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return ("out of memory: the question is too large for this machine; fix more inputs"
                " (--context/--set), use --semantics mostpermissive, or --engine asp")
    if isinstance(exc, RecursionError):
        return ("the input is nested too deeply to follow (Python's recursion limit); see 'Limits' in the"
                " format documentation")
    if isinstance(exc, OSError) and exc.errno is not None:
        reason = exc.strerror or type(exc).__name__
        reason = reason[:1].lower() + reason[1:]
        where = f"{exc.filename}: " if exc.filename is not None else ""
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return f"{where}{reason} while writing: free some space or write elsewhere"
        return f"{where}{reason}" if where else f"{reason} (reading or writing a file)"
    if isinstance(exc, ImportError) and exc.name:
        return f"this command needs the Python package '{exc.name.split('.')[0]}', which is not installed"
    origin = _origin(exc)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if origin in _LIBRARIES:
        return f"{_LIBRARIES[origin]} failed: {text} ({type(exc).__name__})"
    if isinstance(exc, (OSError, TimeoutError)):
        return text
    return (f"unexpected {type(exc).__name__}: {text}. This is a bug in logicnet: please report it with the"
            f" command and its input ({DEBUG_VARIABLE}=1 shows the traceback)")


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that flushing at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


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
        command = cli.get_command(click.Context(cli), sys.argv[1]) if len(sys.argv) > 1 else None
        options = {o for p in command.params for o in p.opts} if command is not None else set()
        status = run_bounded(timeout, options)
        if status is not None:  # the supervising parent
            sys.exit(status)
    sys.exit(cli.main(standalone_mode=True))
