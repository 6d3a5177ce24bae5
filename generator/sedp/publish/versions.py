"""`sedp --version`: sedp's version and those of every part that shapes what it writes."""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata

import yaml

import sedp
from sedp.render.docx.reference import pandoc_path

# Distributions whose version changes what a reader sees (pages, documents).
SHAPING = ("PyYAML", "mkdocs-material", "mkdocs", "pymdown-extensions", "Markdown", "Jinja2",
           "pypandoc-binary", "python-docx", "lxml", "openpyxl")


def versions() -> list[tuple[str, str]]:
    """(name, version) of sedp and of every part that shapes its output."""
    found = [("sedp", sedp.__version__), ("Python", platform.python_version())]
    try:
        first = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True,
                               timeout=30).stdout.split("\n", 1)[0]
        found.append(("pandoc", first.removeprefix("pandoc").strip() or "?"))
    except (OSError, subprocess.SubprocessError):
        found.append(("pandoc", "không chạy được"))
    libyaml = yaml._yaml.get_version_string() if yaml.__with_libyaml__ else "không có (chạy chậm hơn)"
    found.append(("libyaml", libyaml))
    for name in SHAPING:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, "chưa cài"))
    return found
