"""The package's import graph: one way only, no cycles (README "What is where").

Every `import` counts, also those inside functions: an import hidden in a
function is still a dependency, and was how two cycles got in before.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator" / "sedp"

# Stage of each part, lowest first. A module may import its own part and any
# lower stage; parts on the same stage (review and authoring, the three
# renderers) do not import each other.
STAGES = {
    "sedp": 0, "sedp.core": 0,
    "sedp.source": 1,
    "sedp.check": 2,
    "sedp.model": 3,
    "sedp.review": 4, "sedp.authoring": 4,
    "sedp.render.site": 5, "sedp.render.docx": 5, "sedp.render.data": 5, "sedp.render": 5,
    "sedp.publish": 6,
    "sedp.cli": 7,
}
# Modules kept at the top (for the names outside code uses, or beside cli.py) and the part they belong to.
BELONGS = {"sedp.textutil": "sedp.core", "sedp.mkdocs_hooks": "sedp.publish", "sedp.__main__": "sedp.cli",
           "sedp.terminal": "sedp.cli", "sedp.cli_authoring": "sedp.cli"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(module: str) -> str:
    """The longest STAGES key that is the module or a package above it."""
    if module in BELONGS:
        return BELONGS[module]
    candidates = [p for p in STAGES if module == p or module.startswith(p + ".")]
    return max(candidates, key=len)


def imports(path: Path) -> set[str]:
    """The sedp modules a file imports (a `from x import y` of a submodule counts as x.y)."""
    known = {module_name(p) for p in PACKAGE.rglob("*.py")}
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "sedp")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "sedp":
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in known else node.module)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def wrong_way(edges: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in edges.items():
        here = part_of(module)
        for target in targets:
            there = part_of(target)
            if there == "sedp" and target != "sedp":
                continue  # a package's own __init__ docstring module, never code
            if here != there and STAGES[there] >= STAGES[here]:
                found.append(f"{module} ({here}) imports {target} ({there})")
    return sorted(found)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in edges:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in edges.get(node, ()):
                groups.append(sorted(group))

    for node in edges:
        if node not in index:
            visit(node)
    return groups


def test_every_module_belongs_to_a_stage():
    assert all(part_of(m) for m in graph())


def test_imports_point_one_way_only():
    assert wrong_way(graph()) == []


def test_no_import_cycle():
    assert cycles(graph()) == []


def test_the_checks_see_a_wrong_way_import_and_a_cycle():
    edges = {"sedp.core.fmt": {"sedp.render.site.pages"}, "sedp.render.site.pages": {"sedp.core.fmt"},
             "sedp.review.history": {"sedp.authoring.scaffold"}, "sedp.authoring.scaffold": set()}
    assert wrong_way(edges) == [
        "sedp.core.fmt (sedp.core) imports sedp.render.site.pages (sedp.render.site)",
        "sedp.review.history (sedp.review) imports sedp.authoring.scaffold (sedp.authoring)"]
    assert cycles(edges) == [["sedp.core.fmt", "sedp.render.site.pages"]]


def test_no_module_but_the_roles_names_a_step_file():
    """Step files are named in schema/quy-trinh.yaml (buoc, vai_tro) and, for a
    handbook that declares no roles, in source/roles.py: code asks for roles."""
    named = [p.relative_to(PACKAGE).as_posix() for p in sorted(PACKAGE.rglob("*.py"))
             if re.search(r"buoc-[01]", p.read_text(encoding="utf-8"))]
    assert named == ["source/roles.py"]


# The command line is thin (issue 30): cli.py declares options, makes its calls
# into the library and prints; a flow, a rule or a loop over problems that grows
# in a command belongs below it. The commands that write plans are in
# cli_authoring.py (issue 28: `sedp import pr` would have taken cli.py past 300).
CLI_MODULES = ("cli.py", "cli_authoring.py")
CLI_LINES = 300
COMMAND_BODY_LINES = 15


def command_bodies(source: str) -> dict[str, int]:
    """Lines of each click command's body (decorated with `.command` or `.group`),
    from its first statement after the docstring to its last."""
    sizes = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef) or not any(
                "command" in ast.unparse(d) or "group" in ast.unparse(d) for d in node.decorator_list):
            continue
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # the docstring is the command's help
        sizes[node.name] = body[-1].end_lineno - body[0].lineno + 1 if body else 0
    return sizes


@pytest.mark.parametrize("module", CLI_MODULES)
def test_the_command_line_is_thin(module):
    source = (PACKAGE / module).read_text(encoding="utf-8")
    assert len(source.splitlines()) < CLI_LINES
    long = {name: size for name, size in command_bodies(source).items() if size > COMMAND_BODY_LINES}
    assert long == {}


def test_command_bodies_are_measured_without_their_help():
    source = ('@main.command()\n@root_option\ndef short(root):\n    """Help.\n\n    Ví dụ: sedp short\n    """\n'
              "    a = 1\n    return a\n\n\n"
              '@main.group()\ndef new():\n    """Only help."""\n\n\n'
              "def helper():\n" + "    x = 1\n" * 20 + "\n\n"
              "@new.command('long')\ndef long_one():\n" + "    x = 1\n" * 16)
    assert command_bodies(source) == {"short": 2, "new": 0, "long_one": 16}


def prints(path: Path) -> list[str]:
    """Where a module prints or imports click, outside an `if __name__ == "__main__":` block."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    script = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and "__main__" in ast.unparse(block.test)
              for n in ast.walk(block)}
    found = []
    for node in ast.walk(tree):
        if id(node) in script:
            continue
        if isinstance(node, ast.Call) and ast.unparse(node.func) in ("print", "click.echo", "sys.stdout.write"):
            found.append(f"{node.lineno}: {ast.unparse(node.func)}")
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and "click" in {
                (getattr(node, "module", None) or ""), *(a.name for a in node.names)}:
            found.append(f"{node.lineno}: import click")
    return sorted(found, key=lambda where: int(where.split(":")[0]))


def test_only_the_command_line_prints():
    """The library returns what is to be said (lines, a report, an error); the command line says it."""
    printing = {module_name(p): prints(p) for p in sorted(PACKAGE.rglob("*.py"))}
    assert {m: where for m, where in printing.items() if where and part_of(m) != "sedp.cli"} == {}


def test_printing_is_found(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("import click\nprint('a')\nif __name__ == '__main__':\n    print('ok')\nclick.echo('b')\n",
                    encoding="utf-8")
    assert prints(path) == ["1: import click", "2: print", "5: click.echo"]
