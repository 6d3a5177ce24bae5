"""publish/ as one pipeline with typed hand-offs (issue 30): a build enters
publish/pipeline.py from publish/build.py once, and nothing in publish/ keeps
state at module level but a worker process's own Stage."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from conftest import PACKAGE, make_project
from sedp.publish import build, pipeline
from sedp.publish.build import build_all

PUBLISH = PACKAGE / "publish"
# A worker process's own state: set by its initializer (pipeline._start_worker), read by its tasks.
WORKER_STATE = {("pipeline.py", "_WORKER")}
WORKER_INITIALIZER = ("pipeline.py", "_start_worker")
# Calls whose result cannot be changed in place: what a module-level name may be bound to.
IMMUTABLE_CALLS = {"Path", "frozenset", "tuple", "str", "int", "float", "compile", "TypeVar", "NewType",
                   "namedtuple", "NamedTuple"}


def test_a_build_enters_the_pipeline_from_build_py_once(tmp_path):
    project = make_project(tmp_path / "project")
    entries = []

    def watch(frame, event, arg):
        caller = frame.f_back
        if (event == "call" and frame.f_code.co_filename == pipeline.__file__
                and caller is not None and caller.f_code.co_filename == build.__file__):
            entries.append(f"{frame.f_code.co_name} from build.py:{caller.f_lineno} ({caller.f_code.co_name})")

    sys.setprofile(watch)
    try:
        built = build_all(project, jobs=1)
    finally:
        sys.setprofile(None)
    assert built.report.ok and (project / "site/thach-an/duc-long/2027/index.html").is_file()
    assert len(entries) <= 1, "build.py enters pipeline.py more than once:\n" + "\n".join(entries)
    assert entries == [f"run from build.py:{line_of(build.__file__, 'pipeline.run(')} (generate)"]


def line_of(path: str, text: str) -> int:
    return next(number for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def immutable(value: ast.expr, constants: set[str]) -> bool:
    """Whether value, bound at module level, can never be changed in place."""
    match value:
        case ast.Constant() | ast.JoinedStr():
            return True
        case ast.Tuple(elts=items):
            return all(immutable(item, constants) for item in items)
        case ast.BinOp(left=left, right=right):
            return immutable(left, constants) and immutable(right, constants)
        case ast.Name(id=name):
            return name in constants
        case ast.Subscript(value=ast.Name() | ast.Attribute()):  # a type alias: list[tuple[str, dict]]
            return True
        case ast.Call(func=ast.Name(id=name) | ast.Attribute(attr=name), args=args, keywords=keywords):
            arguments = args + [k.value for k in keywords]
            return name in IMMUTABLE_CALLS and all(immutable(a, constants) or literal(a, constants) for a in arguments)
    return False


def literal(value: ast.expr, constants: set[str]) -> bool:
    """A list or set display of immutable values (as frozenset({...}) is given), or a dunder (__file__)."""
    if isinstance(value, ast.Name):
        return value.id.startswith("__")
    return isinstance(value, ast.List | ast.Set) and all(immutable(item, constants) for item in value.elts)


def module_bindings(tree: ast.Module):
    """(line, name, value or None) of every name bound at module level (not in a def or class)."""
    statements = list(tree.body)
    while statements:
        node = statements.pop(0)
        match node:
            case ast.Assign(targets=targets, value=value):
                for target in targets:
                    names = target.elts if isinstance(target, ast.Tuple) else [target]
                    for name in names:
                        yield node.lineno, ast.unparse(name), value
            case ast.AnnAssign(target=target, value=value):
                yield node.lineno, ast.unparse(target), value
            case ast.AugAssign(target=target) | ast.For(target=target) | ast.AsyncFor(target=target):
                yield node.lineno, ast.unparse(target), None
            case ast.With(items=items):
                yield from ((node.lineno, ast.unparse(i.optional_vars), None) for i in items if i.optional_vars)
                statements[:0] = node.body
            case ast.If(body=body, orelse=orelse) | ast.Try(body=body, orelse=orelse):
                statements[:0] = body + orelse + [s for h in getattr(node, "handlers", []) for s in h.body]


def globals_statements(tree: ast.Module):
    """(function, names) of every `global` statement."""
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Global):
                    yield function.name, node.names
    for node in tree.body:
        if isinstance(node, ast.Global):
            yield "<module>", node.names


def test_publish_keeps_no_module_level_mutable_state():
    found = []
    for path in sorted(PUBLISH.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants: set[str] = set()
        for line, name, value in module_bindings(tree):
            if (path.name, name) in WORKER_STATE:
                continue
            if value is not None and immutable(value, constants):
                constants.add(name)
            else:
                found.append(f"publish/{path.name}:{line}: {name} = "
                             f"{ast.unparse(value) if value is not None else '(rebound)'}")
        found += [f"publish/{path.name}: global {', '.join(names)} in {function}"
                  for function, names in globals_statements(tree) if (path.name, function) != WORKER_INITIALIZER]
    assert not found, "module-level state in publish/ (a worker's own is listed in WORKER_STATE):\n" + "\n".join(found)


def test_the_state_check_finds_mutable_values():
    """The check above sees a list, a dict, a set and a rebinding, and lets constants pass."""
    source = ("A = 'x'\nB = (A, 2)\nC = Path('build')\nD = frozenset({'a'})\nE = list[tuple[str, dict]]\n"
              "F = f'{A}/b'\nG = re.compile('a')\n"
              "H = []\nI = {}\nJ = set()\nK: dict = dict()\nL = 1\nL += 1\n")
    tree = ast.parse(source)
    constants: set[str] = set()
    mutable = []
    for _, name, value in module_bindings(tree):
        if value is not None and immutable(value, constants):
            constants.add(name)
        else:
            mutable.append(name)
    assert mutable == ["H", "I", "J", "K", "L"]
    assert sorted(constants) == ["A", "B", "C", "D", "E", "F", "G", "L"]
