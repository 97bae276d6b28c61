"""No command prints a traceback: every bad input (the files in tests/data/bad/,
files that cannot be files in a repository, failing libraries, full disks,
refused permissions, Ctrl-C) ends in one ``error: ...`` line and exit status 2
(130 for Ctrl-C). Commands run with ``catch_exceptions=False``, so an escaping
exception fails the test with its traceback."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner, Result

from logicnet.cli.main import COMMAND_MODULES, DEBUG_VARIABLE, cli
from logicnet.limits import MAX_FILE_BYTES

from tests.conftest import DATA

BAD = DATA / "bad"
GOOD = str(DATA / "escape_toy.yaml")

#: the message ``validate`` (and every other command) gives for each file of tests/data/bad/, after
#: ``error: FILE``
EXPECTED = {
    "alias_bomb.yaml": ":5:1: unknown key 'x0' in the network file; accepted keys: logicnet, name, description, references, nodes, drugs, alterations, contexts, scenarios, rates, time_unit, states, start",
    "bad_target.bnet": ":2:1: '1A' is not a valid node id (letters, digits and '_', starting with a letter or '_')",
    "binary.bnet": ":1:8: this is a binary file, not a network file (a NUL byte here; text expected)",
    "binary.yaml": ":3:1: this is a binary file, not a network file (a NUL byte here; text expected)",
    "boolnet_extension.bnet": ":2:4: unsupported BoolNet extension 'maj(' in the rule for 'A': logicnet reads plain Boolean rules (! & | and parentheses)",
    "control_char.bnet": ":3:5: control character U+0007: a network file is plain text (letters, digits, punctuation, spaces, tabs and line breaks); remove it or retype the line",
    "control_char.yaml": ":5:8: control character U+0001: a network file is plain text (letters, digits, punctuation, spaces, tabs and line breaks); remove it or retype the line",
    "drug_cap_on_boolean.yaml": ":6:17: drug 'd' caps 'A' at '<=0', but 'A' is Boolean: a cap needs a multivalued node (use 0 to inhibit fully)",
    "drug_duplicate_target.yaml": ":7:23: 'targets' of drug 'd' lists 'A' twice (earlier on this line): list each name once",
    "drug_unknown_target.yaml": ":6:17: drug 'd' targets unknown node 'Z' (nodes are declared under 'nodes')",
    "duplicate_key.yaml": ":6:3: duplicate key 'A' in 'nodes' (first written on line 4)",
    "duplicate_target.bnet": ":4:1: 'A' has two rules, on lines 2 and 4: give each target one rule (BoolNet would read this as a probabilistic network)",
    "empty.bnet": ": the network file is empty",
    "empty.yaml": ": the network file is empty",
    "header_late.bnet": ":2: the 'targets, factors' header must come before the rules",
    "latin1.yaml": ":5:32: the network file is not UTF-8 text (undecodable byte 0xe9 at offset 67); save it as UTF-8",
    "levels_5000_digits.yaml": ":4:15: 'levels' of node 'A' is a number of 5000 digits: numbers here have at most 9 digits",
    "levels_huge.yaml": ":4:15: 'levels' of node 'A' is 100000000: logicnet handles levels up to 15 (levels 0..15); see 'Limits' in the format documentation",
    "levels_negative.yaml": ":4:15: 'levels' of node 'A' must be a whole number 0, 1, 2 ..., not '-1'",
    "levels_zero.yaml": ":4:15: 'levels' of node 'A' must be 1 (Boolean) or more",
    "long_name_100000.bnet": ":2:1: the node name 'NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN… (100000 characters)' is too long: names have at most 255 characters (put long display names in 'label' or 'description')",
    "long_name_100000.yaml": ":5:3: the name 'NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN… (100000 characters)' is too long: names have at most 255 characters (put long display names in 'label' or 'description')",
    "long_name_300.yaml": ":5:3: the name 'NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN… (300 characters)' is too long: names have at most 255 characters (put long display names in 'label' or 'description')",
    "long_name_in_rule.yaml": ":4:6: the node name 'NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN… (100000 characters)' is too long: names have at most 255 characters (put long display names in 'label' or 'description')",
    "merge_key.yaml": ":4:8: unknown key 'A' in node '<<'; accepted keys: rule, input, value, levels, speed, phenotype, goal, label, description, group, references, rate, rate_up, rate_down",
    "multi_document.yaml": ":6:1: a network file holds one YAML document, but a second one starts here: remove it (or the '---' line) or split the file",
    "nested_600.yaml": ":5:44: lists and mappings are nested more than 32 deep (a network file needs 5): check the brackets and indentation here; see 'Limits' in the format documentation",
    "nested_block.yaml": ":36:63: lists and mappings are nested more than 32 deep (a network file needs 5): check the brackets and indentation here; see 'Limits' in the format documentation",
    "network.txt": ": unknown file type '.txt': use .yaml or .yml (logicnet), .bnet (BNet), .sbml or .xml (SBML-qual), .booleannet (BooleanNet), .aeon (AEON), .zginml or .ginml (GINsim), .sif (SIF), or name the format with --input-format",
    "no_comma.bnet": ":2: expected 'target, expression', found 'A B'",
    "no_nodes.yaml": ":3:7: 'nodes' must be a mapping (key: value)",
    "no_version.yaml": ":1:1: missing 'logicnet: 1' (the format version) at the top of the file",
    "not_a_mapping.yaml": ":1:1: the network file must be a mapping (key: value)",
    "nul_late.yaml": ":1205:8: a NUL byte: a network file is plain text (letters, digits, punctuation, spaces, tabs and line breaks); remove it or retype the line",
    "only_comments.bnet": ": no rules found: expected lines 'target, expression'",
    "only_comments.yaml": ": the network file is empty",
    "probabilities.bnet": ":1: probabilistic BoolNet networks ('targets, factors, probabilities') are not supported: give one rule per target",
    "quoted_boolean.yaml": ":4:14: 'input' of node 'A' must be true or false, but \"true\" is quoted, which makes it text: write true without quotes",
    "quoted_version.yaml": ":1:11: 'logicnet' (the format version) must be a number, but \"1\" is quoted, which makes it text: write 1 without quotes",
    "recursive_alias.yaml": ":3:13: 'references' must be a single value, not a list",
    "rule_not_5000.bnet": ":2:3: rule for 'A' nests operators 5000 deep: logicnet reads rules nested at most 100 deep (a run of '!' or alternating '&' and '|' in parentheses); simplify it",
    "rule_not_5000.yaml": ":4:6: rule for 'A' nests operators 5000 deep: logicnet reads rules nested at most 100 deep (a run of '!' or alternating '&' and '|' in parentheses); simplify it",
    "rule_plus.yaml": ":4:8: rule for 'A': unexpected character '+': '+' is not an operator here: write OR as '|': A + B",
    "rule_starts_with_bang.yaml": ":4:6: YAML read '!B' as a tag in rule for 'A': quote values that start with '!', as in \"!B ...\"",
    "rule_syntax.bnet": ":2:6: rule for 'A': the rule ends with '&': an operand is missing",
    "rule_syntax.yaml": ":4:8: rule for 'A': the rule ends with '&': an operand is missing: A &",
    "scenario_duplicate_drug.yaml": ":9:16: 'drugs' of scenario 's' lists 'd' twice (earlier on this line): list each name once",
    "scenario_unknown_drug.yaml": ":9:12: scenario 's' uses unknown drug 'e'; drugs: d",
    "tabs.yaml": ":4:1: not valid YAML: found character '\\t' that cannot start any token; indent with spaces, not tabs",
    "threshold.bnet": ":2:6: rule for 'A': threshold 'B >= 2' is not allowed here: this format is Boolean (plain node names only)",
    "threshold_5000_digits.yaml": ":4:30: rule for 'A': the threshold on 'A' has 5000 digits: levels have at most 9: A >= 9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999… (5005 characters)",
    "threshold_above_levels.yaml": ":4:25: rule for 'A' uses threshold 'A >= 3', but 'A' has levels 0..2",
    "unclosed_quote.yaml": ":6:1: not valid YAML: found unexpected end of stream (while scanning a quoted scalar that starts at line 4, column 6)",
    "unknown_key.yaml": ":4:16: unknown key 'levles' in node 'A' (did you mean 'levels'?); accepted keys: rule, input, value, levels, speed, phenotype, goal, label, description, group, references, rate, rate_up, rate_down",
    "unknown_node.yaml": ":4:8: rule for 'ERK' uses unknown node 'MEKK' (did you mean 'MEK'?) in: MEKK",
    "utf16.yaml": ": the network file is UTF-16 text: save it as UTF-8",
    "value_outside_levels.yaml": ":4:3: input 'A' has value 2, outside 0..1",
    "version_2.yaml": ":1:11: format version 2 is not supported: this logicnet reads version 1",
    "xor.bnet": ":2:6: rule for 'A': unexpected character '^': XOR is not supported: write (A & !B) | (!A & B)",
}


def command_lines(file: str, out: Path) -> dict[str, list[str]]:
    """Every command, with the options it needs to get as far as reading ``file``."""
    return {
        "validate": ["validate", file],
        "info": ["info", file],
        "convert": ["convert", file, str(out / "converted.yaml")],
        "attractors": ["attractors", file],
        "fixed-points": ["fixed-points", file],
        "check": ["check", file],
        "escape": ["escape", file, "--drug", "d"],
        "combos": ["combos", file],
        "analyze": ["analyze", file],
        "screen": ["screen", file],
        "render": ["render", file, "-o", str(out / "pathway.svg")],
        "simulate": ["simulate", file],
        "report": ["report", file, "-o", str(out / "report.html")],
    }


def invoke(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def assert_refused(args: list[str], message: str, status: int = 2) -> None:
    result = invoke(args)
    assert (result.exit_code, result.stderr, result.stdout) == (status, message + "\n", ""), args


def bad_files() -> list[Path]:
    return sorted(p for p in BAD.iterdir() if p.name != "README.md")


def test_the_collection_is_documented_and_expected() -> None:
    names = {p.name for p in bad_files()}
    assert names == set(EXPECTED)
    readme = (BAD / "README.md").read_text()
    assert [n for n in sorted(names) if f"`{n}`" not in readme] == []


def test_every_command_is_driven(tmp_path: Path) -> None:
    assert set(command_lines("x", tmp_path)) == set(COMMAND_MODULES)


@pytest.mark.parametrize("path", bad_files(), ids=lambda p: p.name)
def test_every_command_refuses_every_bad_file(path: Path, tmp_path: Path) -> None:
    for args in command_lines(str(path), tmp_path).values():
        assert_refused(args, f"error: {path}{EXPECTED[path.name]}")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------- not files in a repository


def _every_command(path: Path, message: str, tmp_path: Path, commands: tuple[str, ...] | None = None) -> None:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    for name, args in command_lines(str(path), out).items():
        if commands is None or name in commands:
            assert_refused(args, f"error: {path}: {message}")


def test_missing_folder_and_dangling_link(tmp_path: Path) -> None:
    _every_command(tmp_path / "missing.yaml", "network file not found", tmp_path)
    (tmp_path / "folder.yaml").mkdir()
    _every_command(tmp_path / "folder.yaml", "this is a directory, not a network file", tmp_path)
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    _every_command(tmp_path / "dangling.yaml", f"the network file is a link to {tmp_path / 'gone.yaml'}, which"
                   " does not exist", tmp_path)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero and /dev/urandom")
def test_links_to_endless_devices(tmp_path: Path) -> None:
    for device in ("/dev/zero", "/dev/urandom"):
        link = tmp_path / f"{Path(device).name}.yaml"
        link.symlink_to(device)
        _every_command(link, "this is a device, not a network file: give a regular file", tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_an_endless_fifo_is_read_no_further_than_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "stream.bnet"
    os.mkfifo(fifo)
    written = []

    def feed() -> None:  # writes until the reader stops reading
        block = b"A, A | A\n" * 100_000
        with open(fifo, "wb") as handle:
            try:
                while True:
                    handle.write(block)
                    written.append(len(block))
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    assert_refused(["validate", str(fifo)], f"error: {fifo}: the network file is longer than 16,777,216 bytes"
                   " (16 MiB), the most logicnet reads (see 'Limits' in the format documentation)")
    writer.join(10)
    assert not writer.is_alive()
    assert sum(written) < 4 * MAX_FILE_BYTES


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    _every_command(big, "the network file has 16,777,217 bytes: logicnet reads files of at most 16,777,216"
                   " bytes (16 MiB; see 'Limits' in the format documentation)", tmp_path)


def test_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    shutil.copy(GOOD, path)
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: refuse it the way the kernel would
        import logicnet.io.textfile as textfile

        def refuse(file: Any, *args: Any, **kwargs: Any) -> Any:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))

        monkeypatch.setattr(textfile, "open", refuse, raising=False)
    _every_command(path, "cannot read the network file: permission denied", tmp_path)


# --------------------------------------------------------------------------- outputs


def test_a_folder_given_as_output(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    for args, option in ((["convert", GOOD, str(folder)], "'TARGET'"),
                         (["render", GOOD, "-o", str(folder)], "'-o' / '--output'"),
                         (["simulate", GOOD, "-o", str(folder)], "'-o' / '--output'"),
                         (["report", GOOD, "-o", str(folder)], "'-o' / '--output'"),
                         (["screen", GOOD, "-o", str(folder)], "'-o' / '--output'"),
                         (["attractors", GOOD, "--plot", str(folder)], "'--plot'")):
        result = invoke(args)
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1] == f"Error: Invalid value for {option}: File '{folder}' is a directory."
    from logicnet.errors import LogicnetError
    from logicnet.io import read_network, write_network

    with pytest.raises(LogicnetError, match=f"cannot write {folder}: it is a folder; give a file name, as in"):
        write_network(read_network(GOOD), folder, format="yaml", force=True)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (a disk that is always full)")
def test_a_full_disk() -> None:
    assert_refused(["convert", GOOD, "/dev/full", "--output-format", "yaml", "--force"],
                   "error: cannot write /dev/full: no space left on device")
    assert_refused(["render", GOOD, "-o", "/dev/full", "--format", "dot", "--force"],
                   "error: no space left on device while writing: free some space or write elsewhere")
    assert Path("/dev/full").exists()


def test_permission_denied_on_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.access(locked, os.W_OK):  # root writes anywhere: refuse it the way the kernel would
        monkeypatch.setattr(os, "access", lambda path, mode, **kw: False)
    assert_refused(["convert", GOOD, str(locked / "x.bnet")],
                   f"error: cannot write {locked / 'x.bnet'}: permission denied on folder {locked}")
    locked.chmod(0o700)


# ------------------------------------------------------------------------- libraries


def raising_in(module: str, exc: BaseException) -> Callable[..., Any]:
    """A function that raises ``exc`` as if from inside ``module``."""
    namespace: dict[str, Any] = {"__name__": module, "exc": exc}
    exec("def fail(*args, **kwargs):\n    raise exc\n", namespace)
    return namespace["fail"]


def test_a_clingo_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import clingo

    monkeypatch.setattr(clingo, "Control", raising_in("clingo.control", RuntimeError("std::bad_alloc")))
    assert_refused(["fixed-points", GOOD, "--engine", "asp"],
                   "error: clingo (the asp engine) failed: std::bad_alloc (RuntimeError)")


def test_a_cudd_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    from logicnet.dynamics.engines.symbolic import _system

    monkeypatch.setattr(_system.cudd, "BDD", raising_in("dd.cudd", RuntimeError("CUDD appears to have run out of memory.")))
    assert_refused(["attractors", GOOD, "--engine", "symbolic"],
                   "error: dd/CUDD (the symbolic engine) failed: CUDD appears to have run out of memory. (RuntimeError)")


def test_out_of_memory_and_recursion(monkeypatch: pytest.MonkeyPatch) -> None:
    import logicnet.cli.dynamics_commands as commands

    monkeypatch.setattr(commands, "attractors", raising_in("numpy.core", MemoryError()))
    assert_refused(["attractors", GOOD], "error: out of memory: the question is too large for this machine; fix"
                   " more inputs (--context/--set), use --semantics mostpermissive, or --engine asp")
    monkeypatch.setattr(commands, "attractors", raising_in("logicnet.x", RecursionError("maximum recursion depth")))
    assert_refused(["attractors", GOOD], "error: the input is nested too deeply to follow (Python's recursion"
                   " limit); see 'Limits' in the format documentation")


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    import logicnet.cli.dynamics_commands as commands

    monkeypatch.setattr(commands, "attractors", raising_in("logicnet.dynamics.api", KeyboardInterrupt()))
    assert_refused(["attractors", GOOD], "interrupted", status=130)


def test_a_bug_is_one_line_unless_debugging(monkeypatch: pytest.MonkeyPatch) -> None:
    import logicnet.validation as validation  # imported by the command when it runs (networkx: not at start-up)

    monkeypatch.setattr(validation, "diagnose", raising_in("logicnet.validation", ZeroDivisionError("division by zero")))
    assert_refused(["validate", GOOD], "error: unexpected ZeroDivisionError: division by zero. This is a bug in"
                   f" logicnet: please report it with the command and its input ({DEBUG_VARIABLE}=1 shows the"
                   " traceback)")
    monkeypatch.setenv(DEBUG_VARIABLE, "1")
    with pytest.raises(ZeroDivisionError):
        invoke(["validate", GOOD])


@pytest.mark.parametrize("address, message", [
    ("notanaddress", "--scheduler 'notanaddress' is not a Dask scheduler address (missing port number in address"
                     " 'notanaddress'); expected tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786"),
    ("http://10.0.0.5:8786", "--scheduler 'http://10.0.0.5:8786' is not a Dask scheduler address (unknown scheme"
                             " 'http://'); expected tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786"),
    ("tcp://127.0.0.1:70000", "--scheduler 'tcp://127.0.0.1:70000' is not a Dask scheduler address (port 70000 is"
                              " outside 1..65535); expected tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786"),
    ("tcp://127.0.0.1:9", "cannot reach the Dask scheduler at tcp://127.0.0.1:9: Connection refused"),
])
def test_a_bad_dask_scheduler(address: str, message: str) -> None:
    pytest.importorskip("distributed")
    assert_refused(["screen", GOOD, "--executor", "dask", "--scheduler", address], f"error: {message}")


# ------------------------------------------------------------------- real processes


def run_logicnet(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "logicnet", *args], capture_output=True, text=True, timeout=120,
                          **kwargs)


@pytest.mark.parametrize("args", [
    ("validate", str(BAD / "nested_600.yaml")),
    ("attractors", str(BAD / "rule_not_5000.bnet")),
    ("info", str(BAD / "levels_5000_digits.yaml")),
    ("screen", GOOD, "--executor", "dask", "--scheduler", "notanaddress"),
    ("screen", GOOD, "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"),
], ids=["nesting", "rule-depth", "digits", "dask-address", "dask-refused"])
def test_real_runs_print_one_line(args: tuple[str, ...]) -> None:
    done = run_logicnet(*args)
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr


def test_a_closed_pipe_stops_quietly() -> None:
    process = subprocess.Popen([sys.executable, "-m", "logicnet", "info", GOOD], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `| head` that has read enough
    error = process.stderr.read()
    assert process.wait(60) == 1
    assert error == b""


# ------------------------------------------------------------------- worker processes


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    """Exists and is not a zombie (a killed child its new parent has not reaped yet)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_with_a_killed_screen() -> None:
    process = subprocess.Popen([sys.executable, "-m", "logicnet", "screen", "mapk_grieco2013", "--jobs", "2",
                                "--format", "json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
            workers = _children(process.pid)
        assert len(workers) == 2, "the screen started no pool"
        time.sleep(1)  # the workers are busy with their first combinations
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        deadline = time.monotonic() + 5
        while any(_running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [w for w in workers if _running(w)] == []
    finally:
        process.kill()
        for worker in workers:
            try:
                os.kill(worker, signal.SIGKILL)
            except ProcessLookupError:
                pass


# ------------------------------------------------------------------- other inputs


@pytest.mark.parametrize("args, message", [
    (["attractors", GOOD, "--set", "A=" + "9" * 5000],
     "--set expects NODE=LEVEL (e.g. MYC=2), got 'A=99999999999999999999999999999999999999… (5002 characters)'"),
    (["attractors", GOOD, "--from", "A=" + "9" * 5000],
     "--from: the level of 'A' must be a whole number, several joined by '|', or '*' (any level), not"
     " '9999999999999999999999999999999999999999… (5000 characters)'"),
    (["combos", GOOD, "--goal", "P=" + "9" * 5000],
     "a goal is written NODE=LEVEL, NODE<=LEVEL or NODE>=LEVEL (e.g. Proliferation=0), got"
     " 'P=99999999999999999999999999999999999999… (5002 characters)'"),
], ids=["set", "from", "goal"])
def test_huge_numbers_in_options(args: list[str], message: str) -> None:
    assert_refused(args, f"error: {message}")


@pytest.mark.parametrize("name, content, message", [
    ("bad.csv", "context,drugs,score,attractors,hsa,bliss\non,dA,0.5,x,false,false\n",
     "{path}:2: not a screen result row (score a number, attractors a whole number); cannot resume it"),
    ("binary.csv", b"\xff\xfe\x00\x01", "{path} is not a logicnet screen result (not text); cannot resume it"),
    ("other.csv", "a,b\n1,2\n", "{path} is not a logicnet screen result (columns context, drugs, score,"
                                " attractors, hsa, bliss, complete, timed_out, hsa_excess, bliss_excess,"
                                " bliss_expected); cannot resume it"),
    ("bad.json", '{"rows": [1]}', "{path} is not a logicnet screen result; cannot resume it"),
    ("short.json", '{"rows": [{"drugs": ["dA"]}]}', "{path} is not a logicnet screen result; cannot resume it"),
    ("list.json", "[]", "{path} is not a logicnet screen result; cannot resume it"),
], ids=lambda value: value if isinstance(value, str) and "." in value and len(value) < 12 else "")
def test_a_broken_results_file_to_resume(tmp_path: Path, name: str, content: str | bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert_refused(["screen", GOOD, "-o", str(path), "--resume"], "error: " + message.format(path=path))
