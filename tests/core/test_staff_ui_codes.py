"""Every API error code the server can answer has a Norwegian text in the staff pages' shared
module (core/staff_ui/staff.js, MESSAGES): pages translate codes, never the English detail."""

import ast
import re
from pathlib import Path

import pytest

from core.errors import CODES_BY_STATUS

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "handover", "knowledge", "evaluation", "assistant")
# The exception types whose argument is a code, and the position of that argument.
CODE_ARGUMENT = {"ApiError": 1, "AuthError": 1, "FlowError": 0, "NotFound": 0, "Refused": 0}


def _strings(node: ast.AST) -> set[str]:
    """String constants of an expression, also both sides of ``"a" if ... else "b"``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    return set()


def _codes_in(tree: ast.AST) -> set[str]:
    codes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            position = CODE_ARGUMENT.get(name)
            if position is not None:
                if len(node.args) > position:
                    codes |= _strings(node.args[position])
                codes |= {c for kw in node.keywords if kw.arg == "code" for c in _strings(kw.value)}
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "code" for t in node.targets):
            codes |= _strings(node.value)
        elif isinstance(node, ast.Dict):
            codes |= {c for k, v in zip(node.keys, node.values)
                      if isinstance(k, ast.Constant) and k.value == "code" for c in _strings(v)}
        elif isinstance(node, ast.FunctionDef) and node.name == "__init__":
            # a default code, e.g. AuthError(message, code="login_failed")
            args = node.args
            for arg, default in zip(args.args[len(args.args) - len(args.defaults):], args.defaults):
                if arg.arg == "code":
                    codes |= _strings(default)
    return codes


# Not errors: codes that travel in other fields and have their own tables in a page.
OTHER_TABLES = {ROOT / "handover" / "routing.py": (ROOT / "handover" / "console" / "console.js", "ROUTING")}


def server_codes() -> set[str]:
    codes = set(CODES_BY_STATUS.values())
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path not in OTHER_TABLES:
                codes |= _codes_in(ast.parse(path.read_text(encoding="utf-8")))
    return {c for c in codes if re.fullmatch(r"[a-z][a-z_]+", c)}


def page_codes() -> set[str]:
    source = (ROOT / "core" / "staff_ui" / "staff.js").read_text(encoding="utf-8")
    table = re.search(r"export const MESSAGES = \{(.*?)\n\};", source, re.DOTALL).group(1)
    return set(re.findall(r"^\s+([a-z_]+):", table, re.MULTILINE))


def test_the_scan_finds_the_codes_it_should():
    found = server_codes()
    assert {"session_closed", "login_failed", "article_invalid", "not_yours_yet", "store_unavailable"} <= found


def test_every_error_code_has_a_norwegian_text():
    assert sorted(server_codes() - page_codes()) == []


def test_every_routing_hint_has_a_norwegian_text_in_the_console():
    for module, (page, table_name) in OTHER_TABLES.items():
        codes = {c for c in _codes_in(ast.parse(module.read_text(encoding="utf-8"))) if re.fullmatch(r"[a-z_]+", c)}
        source = page.read_text(encoding="utf-8")
        table = re.search(rf"const {table_name} = \{{(.*?)\n\}};", source, re.DOTALL).group(1)
        assert codes and sorted(codes - set(re.findall(r"^\s+([a-z_]+):", table, re.MULTILINE))) == []
