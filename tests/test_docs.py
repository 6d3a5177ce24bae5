"""Docs that cannot drift: the README's first screen and every command's help."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from sedp.cli import main


def test_readme_first_screen_is_one_sentence_and_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_screen = text.split("\n---\n")[0]
    commands = re.findall(r"^make \w+", first_screen, flags=re.M)
    assert commands == ["make build", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^build: ", makefile, flags=re.M) and re.search(r"^test: ", makefile, flags=re.M)


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name)


@pytest.mark.parametrize("command", list(_commands(main)), ids=" ".join)
def test_every_command_has_vietnamese_help_with_an_example(sedp, command):
    code, output = sedp(ROOT, *command, "--help")
    assert code == 0
    assert "Ví dụ: sedp " in output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"sedp {' '.join(command)}" in readme
