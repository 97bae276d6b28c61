"""Network files in and out, chosen by extension or by format name.

Every format is a module with ``parse_*``, ``generate_*``, ``read_*`` and
``write_*`` (text in, network out; network in, text out; and the same on
files). :data:`FORMATS` registers each by name with its extensions;
:func:`read_network` and :func:`write_network` pick one by the file's
extension unless a format is named.

name      extensions  module
========  ==========  =========================================
yaml      .yaml .yml  logicnet's own format (:mod:`logicnet.io.yaml_format`)
bnet      .bnet       BNet ``targets, factors`` (:mod:`logicnet.io.bnet`)
maboss    .bnd        MaBoSS ``.bnd`` and ``.cfg``, written only (:mod:`logicnet.io.maboss`)
========  ==========  =========================================
=======
==========  ===============  ==========  ===================================================
name        extensions       direction   module
==========  ===============  ==========  ===================================================
yaml        .yaml .yml       read/write  logicnet's own format (:mod:`logicnet.io.yaml_format`)
bnet        .bnet            read/write  BNet ``targets, factors`` (:mod:`logicnet.io.bnet`)
sbml        .sbml .xml       read/write  SBML-qual (:mod:`logicnet.io.sbml`)
booleannet  .booleannet      read/write  BooleanNet ``A* = ...`` (:mod:`logicnet.io.booleannet`)
aeon        .aeon            read/write  AEON (:mod:`logicnet.io.aeon`)
ginsim      .zginml .ginml   read        GINsim (:mod:`logicnet.io.ginsim`)
sif         .sif             read/write  signed topology (:mod:`logicnet.io.sif`)
maboss      .bnd             write       MaBoSS ``.bnd`` and ``.cfg`` (:mod:`logicnet.io.maboss`)
==========  ===============  ==========  ===================================================

A BooleanNet model saved as ``.txt`` (or any file whose extension does not
say) is read with ``format="booleannet"`` (``--input-format booleannet``).
Readers of the Boolean formats take ``fold_levels`` (fold ``X_b1 .. X_bm`` back
into a multivalued ``X``; ``None`` = when complete and consistent), the SIF
reader ``sif_rules`` (``and-not`` or ``or-not``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any, Callable

from logicnet.errors import FormatError, SourceLocation, did_you_mean
from logicnet.model.network import Network
from logicnet.networks import shipped_names, shipped_path

#: public name -> the format module that defines it: each module (and what it
#: needs: PyYAML, libsbml) is imported when one of its names is first used, so
#: reading a BNet file does not load the SBML reader
_FORMAT_MODULES = {
    "yaml_format": ("parse_yaml", "read_yaml", "generate_yaml", "write_yaml"),
    "bnet": ("parse_bnet", "read_bnet", "generate_bnet", "write_bnet"),
    "maboss": ("generate_maboss", "write_maboss"),
    "sbml": ("parse_sbml", "read_sbml", "generate_sbml", "write_sbml"),
    "booleannet": ("parse_booleannet", "read_booleannet", "generate_booleannet", "write_booleannet"),
    "aeon": ("parse_aeon", "read_aeon", "generate_aeon", "write_aeon"),
    "ginsim": ("parse_ginml", "read_ginsim"),
    "sif": ("parse_sif", "read_sif", "generate_sif", "write_sif", "SIF_SCHEMES"),
}
_LAZY = {name: module for module, names in _FORMAT_MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'logicnet.io' has no attribute '{name}'")
    value = getattr(import_module(f"logicnet.io.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "read_network",
    "write_network",
    "find_network",
    "parse_yaml",
    "read_yaml",
    "generate_yaml",
    "write_yaml",
    "parse_bnet",
    "read_bnet",
    "generate_bnet",
    "write_bnet",
    "generate_maboss",
    "write_maboss",
    "parse_sbml",
    "read_sbml",
    "generate_sbml",
    "write_sbml",
    "parse_booleannet",
    "read_booleannet",
    "generate_booleannet",
    "write_booleannet",
    "parse_aeon",
    "read_aeon",
    "generate_aeon",
    "write_aeon",
    "parse_ginml",
    "read_ginsim",
    "parse_sif",
    "read_sif",
    "generate_sif",
    "write_sif",
    "SIF_SCHEMES",
    "conversion_losses",
    "Format",
    "FORMATS",
    "FORMAT_NAMES",
]


@dataclass(frozen=True)
class Format:
    """A file format: its name, extensions, and how to read and write a file
    (``reader`` and ``writer`` name a function as ``module:function``, loaded
    when first used)."""

    name: str
    extensions: tuple[str, ...]
    reader: str | None
    writer: str | None
    description: str
    options: tuple[str, ...] = ()  # reading options the reader takes (fold_levels, sif_rules)

    @property
    def label(self) -> str:
        """The short name used in messages (``logicnet``, ``BNet``)."""
        return self.description.split(" ")[0].rstrip("'s")

    @property
    def read(self) -> Callable[..., Network] | None:
        """The function reading a file of this format (``None``: written only)."""
        return _function(self.reader)

    @property
    def write(self) -> Callable[..., Path] | None:
        """The function writing a file of this format (``None``: read only)."""
        return _function(self.writer)


def _function(spec: str | None) -> Callable[..., Any] | None:
    if spec is None:
        return None
    module, name = spec.split(":")
    return getattr(import_module(module), name)  # type: ignore[no-any-return]


def _read_sif(path: Path, *, sif_rules: str = "and-not") -> Network:
    from logicnet.io.sif import read_sif

    return read_sif(path, scheme=sif_rules)


def _io(module: str, function: str) -> str:
    return f"logicnet.io.{module}:{function}"


#: Every format logicnet reads or writes, by name.
FORMATS: dict[str, Format] = {
    "yaml": Format("yaml", (".yaml", ".yml"), _io("yaml_format", "read_yaml"), _io("yaml_format", "write_yaml"),
                   "logicnet network file"),
    "bnet": Format("bnet", (".bnet",), _io("bnet", "read_bnet"), _io("bnet", "write_bnet"), "BNet (targets, factors)",
                   ("fold_levels",)),
    "sbml": Format("sbml", (".sbml", ".xml"), _io("sbml", "read_sbml"), _io("sbml", "write_sbml"), "SBML-qual",
                   ("fold_levels",)),
    "booleannet": Format("booleannet", (".booleannet",), _io("booleannet", "read_booleannet"),
                         _io("booleannet", "write_booleannet"), "BooleanNet (A* = ...)", ("fold_levels",)),
    "aeon": Format("aeon", (".aeon",), _io("aeon", "read_aeon"), _io("aeon", "write_aeon"), "AEON", ("fold_levels",)),
    "ginsim": Format("ginsim", (".zginml", ".ginml"), _io("ginsim", "read_ginsim"), None, "GINsim model"),
    "sif": Format("sif", (".sif",), "logicnet.io:_read_sif", _io("sif", "write_sif"), "SIF signed topology",
                  ("sif_rules",)),
    "maboss": Format("maboss", (".bnd",), None, _io("maboss", "write_maboss"), "MaBoSS (.bnd network and .cfg settings)"),
}
FORMAT_NAMES = tuple(FORMATS)


def _by_extension() -> dict[str, Format]:
    return {ext: fmt for fmt in FORMATS.values() for ext in fmt.extensions}


def format_of(path: Path, name: str | None = None, *, writing: bool = False) -> Format:
    """The format named ``name``, else the one of ``path``'s extension."""
    where = SourceLocation(str(path))
    if name is not None:
        try:
            fmt = FORMATS[name]
        except KeyError:
            raise FormatError(f"unknown format '{name}'{did_you_mean(name, FORMATS)}; formats:"
                              f" {', '.join(FORMATS)}", where) from None
    else:
        fmt = _by_extension().get(path.suffix.lower())  # type: ignore[assignment]
        if fmt is None:
            known = ", ".join(f"{' or '.join(f.extensions)} ({f.label})" for f in FORMATS.values()
                              if f.extensions and (f.writer if writing else f.reader) is not None)
            option = "--output-format" if writing else "--input-format"
            raise FormatError(
                f"unknown file type '{path.suffix or '(none)'}': use {known}, or name the"
                f" format with {option}",
                where,
            )
    if (fmt.writer if writing else fmt.reader) is None:
        raise FormatError(f"logicnet can {'read' if writing else 'write'} {fmt.description} files but"
                          f" not {'write' if writing else 'read'} them", where)
    return fmt


def find_network(name: str | Path) -> Path:
    """The file a command-line argument names: a path, or the name of a
    network shipped with logicnet (``tnbc_pi3k``)."""
    path = Path(name)
    if path.exists():
        return path
    shipped = shipped_path(str(name))
    if shipped is not None:
        return shipped
    if not path.suffix and path.parent == Path("."):
        raise FormatError(f"no file '{name}' and no shipped network of that name{did_you_mean(str(name), shipped_names())};"
                          f" shipped networks: {', '.join(shipped_names())}", SourceLocation(str(name)))
    return path  # the reader says the file is missing


def read_network(path: str | Path, *, format: str | None = None, fold_levels: bool | None = None,
                 sif_rules: str | None = None) -> Network:
    """Read a network from ``path`` in the format its extension (or ``format``)
    names; ``path`` may also name a network shipped with logicnet (``tnbc_pi3k``).

    ``fold_levels``: fold booleanized bits ``X_b1 .. X_bm`` of a Boolean format
    into one multivalued ``X`` (``None``: when the set is complete and
    consistent; ``False``: never). ``sif_rules``: how a SIF topology becomes
    rules (``and-not``, the default, or ``or-not``)."""
    path = find_network(path)
    fmt = format_of(path, format)
    assert fmt.read is not None
    options: dict[str, object] = {}
    if "fold_levels" in fmt.options:
        options["fold_levels"] = fold_levels
    if "sif_rules" in fmt.options and sif_rules is not None:
        options["sif_rules"] = sif_rules
    return fmt.read(path, **options)


def conversion_losses(network: Network, format: str) -> list[str]:
    """What writing ``network`` in ``format`` cannot hold: kept by logicnet in
    the file's extras (see docs/formats.md), or lost (SIF keeps no rules)."""
    from logicnet.io import _extras, aeon, bnet, booleannet, sbml

    if format == "yaml":
        return []
    if format == "sif":
        return ["the rules"] + _extras.losses(network, _extras.Native(), keeps_extras=False, booleanized=False)
    if format == "maboss":  # rates, drugs, alterations and contexts become MaBoSS rates and mutations
        kept = ("rates", "the rates of", "drugs", "alterations", "contexts")
        return [item for item in _extras.losses(network, _extras.Native(name=True), keeps_extras=False)
                if not any(item.startswith(k) or item.split(" ", 1)[-1].startswith(k) for k in kept)]
    native = {"bnet": bnet.NATIVE, "booleannet": booleannet.NATIVE, "aeon": aeon.NATIVE, "sbml": sbml.NATIVE}[format]
    return _extras.losses(network, native, keeps_extras=True)


def write_network(network: Network, path: str | Path, *, format: str | None = None, force: bool = False) -> Path:
    """Write ``network`` to ``path`` in the format its extension (or ``format``)
    names, never replacing an existing file unless ``force``."""
    path = Path(path)
    writer = format_of(path, format, writing=True).write
    assert writer is not None
    return writer(network, path, force=force)
