"""The floors of the house (pyproject.toml [tool.importlinter], docs/architecture.md) are
checked by ``lint-imports`` in ``make lint``: the tree keeps them, and a copy of the tree
with one import running back up breaks them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter not installed")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports with the project's contracts over ``tree`` (a folder holding src/kefu)."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def broken_copy(tmp_path: Path, module: str, line: str) -> Path:
    """The source tree with ``line`` added to ``module`` (a path under src/kefu)."""
    shutil.copytree(ROOT / "src" / "kefu", tmp_path / "src" / "kefu", ignore=_no_build_output)
    path = tmp_path / "src" / "kefu" / module
    path.write_text(path.read_text() + f"\n{line}\n")
    return tmp_path


def _no_build_output(folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name in ("__pycache__", "dist", "node_modules")]


class TestFloors:
    def test_the_tree_keeps_every_contract(self) -> None:
        result = lint_imports(ROOT)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "3 kept, 0 broken" in result.stdout

    def test_the_messaging_core_importing_the_chat_is_refused(self, tmp_path: Path) -> None:
        tree = broken_copy(tmp_path, "messaging/service.py", "from kefu.chat import routing")
        result = lint_imports(tree)
        assert result.returncode == 1
        assert "kefu.messaging.service -> kefu.chat.routing" in result.stdout
        assert "1 kept, 2 broken" in result.stdout  # the floors and the core

    def test_a_domain_importing_one_above_it_is_refused(self, tmp_path: Path) -> None:
        tree = broken_copy(tmp_path, "kpi/dashboard.py", "from kefu.chat import monitor")
        result = lint_imports(tree)
        assert result.returncode == 1
        assert "kefu.kpi is not allowed to import kefu.chat" in result.stdout


def _lines_over(folder: Path, limit: int) -> dict[str, int]:
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in folder.rglob("*.py")
        if "migrations" not in path.parts
    }
    return {name: size for name, size in sizes.items() if size > limit}


class TestModuleSizes:
    """Issue 19: no module under src/kefu over 400 lines, none in chat/ over 300."""

    def test_no_module_is_over_400_lines(self) -> None:
        assert _lines_over(ROOT / "src" / "kefu", 400) == {}

    def test_no_chat_module_is_over_300_lines(self) -> None:
        assert _lines_over(ROOT / "src" / "kefu" / "chat", 300) == {}
