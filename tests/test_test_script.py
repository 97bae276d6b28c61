"""scripts/test (the README's test command) waits for apt's locks, bounded,
and says what it waits for, instead of failing when another package manager
(unattended-upgrades on a fresh cloud machine) holds them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "test"


def apt_get_calls() -> list[str]:
    return [line.strip() for line in SCRIPT.read_text().splitlines()
            if re.search(r"\bapt-get (update|install)\b", line) and not line.lstrip().startswith("#")]


def test_every_apt_call_has_a_bounded_lock_timeout() -> None:
    text = SCRIPT.read_text()
    calls = apt_get_calls()
    assert len(calls) == 2
    assert all('"${apt_lock[@]}"' in call for call in calls), calls
    assert 'apt_lock=(-o "DPkg::Lock::Timeout=${lock_timeout}")' in text
    default = re.search(r'lock_timeout="\$\{LOGICNET_APT_LOCK_TIMEOUT:-(\d+)\}"', text)
    assert default is not None and 0 < int(default.group(1)) <= 3600


FAKE_APT = """#!/bin/bash
echo "$*" >> "$LOG/apt-get"
if [ "$1" = update ]; then
  count=$(cat "$LOG/busy" 2>/dev/null || echo 0)
  if [ "$count" -lt "$BUSY" ]; then
    echo $((count + 1)) > "$LOG/busy"
    echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (unattended-upgr)" >&2
    echo "E: Unable to lock directory /var/lib/apt/lists/" >&2
    exit 100
  fi
fi
exit 0
"""
FAKE_PYTHON = """#!/bin/bash
echo "$*" >> "$LOG/python3"
"""


def run_with_fake_apt(tmp_path: Path, busy: int, timeout: int) -> subprocess.CompletedProcess[str]:
    """scripts/test with apt-get and python3 replaced by recorders; apt-get
    update finds the lists lock held ``busy`` times, as apt 2.6 reports it."""
    bin_dir, log = tmp_path / "bin", tmp_path / "log"
    bin_dir.mkdir()
    log.mkdir()
    for name, text in (("apt-get", FAKE_APT), ("python3", FAKE_PYTHON)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    for tool in ("bash", "dirname", "id", "sleep", "cat", "grep", "head"):
        found = shutil.which(tool)
        assert found is not None, tool
        (bin_dir / tool).symlink_to(found)
    env = {"PATH": str(bin_dir), "LOG": str(log), "BUSY": str(busy), "HOME": str(tmp_path),
           "LOGICNET_APT_LOCK_TIMEOUT": str(timeout), "LOGICNET_APT_RETRY_SECONDS": "0.1"}
    if os.geteuid() != 0:  # the script calls sudo when not root
        (bin_dir / "sudo").write_text('#!/bin/bash\n"$@"\n')
        (bin_dir / "sudo").chmod(0o755)
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_waits_for_the_lists_lock_and_says_so(tmp_path: Path) -> None:
    done = run_with_fake_apt(tmp_path, busy=3, timeout=600)
    assert done.returncode == 0, done.stderr
    assert ("waiting for apt's package lists lock (held by process 4242 (unattended-upgr)): another package"
            " manager is running; retrying every 0.1 s for up to 600 s") in done.stderr
    calls = (tmp_path / "log" / "apt-get").read_text().splitlines()
    assert calls == ["update -qq -o DPkg::Lock::Timeout=600"] * 4 + [
        "install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 graphviz chromium chromium-driver"]
    assert (tmp_path / "log" / "python3").read_text().splitlines()[-1] == "-m pytest -n auto -q"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_gives_up_after_the_timeout(tmp_path: Path) -> None:
    done = run_with_fake_apt(tmp_path, busy=10**6, timeout=1)
    assert done.returncode == 1
    assert ("gave up after 1 s waiting for another package manager to release apt's lock (set"
            " LOGICNET_APT_LOCK_TIMEOUT to wait longer)") in done.stderr
    assert not (tmp_path / "log" / "python3").exists()
