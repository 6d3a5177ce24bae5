"""The environment is the lock: every locked distribution at its locked version.

A drifted .venv (a hand-installed upgrade, a stale stamp) must fail loudly
here instead of passing the other tests by luck.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)(?:\s*;\s*([^\\]+?))?\s*\\?$")
NOT_LOCKED = {"sedp", "pip"}  # the project itself (editable) and the installer the venv came with


def locked() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) for every pin whose marker holds here."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            name, version, marker = match.groups()
            current = None
            if marker is None or Marker(marker).evaluate():
                current = canonicalize_name(name)
                pins[current] = (version, [])
        elif current and line.strip().startswith("--hash=sha256:"):
            pins[current][1].append(line.strip())
    return pins


def installed() -> dict[str, str]:
    return {canonicalize_name(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}


def test_every_locked_distribution_is_installed_at_its_locked_version():
    have = installed()
    wrong = {name: (version, have.get(name)) for name, (version, _) in locked().items()
             if have.get(name) != version}
    assert wrong == {}, "locked version vs installed (run `make clean` then `make test`)"


def test_nothing_is_installed_that_the_lock_does_not_name():
    extra = set(installed()) - set(locked()) - NOT_LOCKED
    assert extra == set(), "installed but not in requirements.txt"


def test_every_pin_carries_hashes():
    pins = locked()
    assert len(pins) > 40
    assert [name for name, (_, hashes) in pins.items() if not hashes] == []


def test_the_lock_fits_pyproject_ranges():
    # A range changed in pyproject.toml without `make lock` leaves a stale lock.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    pins = locked()
    for text in wanted:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is in pyproject.toml but not in requirements.txt: run `make lock`"
        assert Version(pins[name][0]) in requirement.specifier, (name, pins[name][0], str(requirement.specifier))
