"""Costly session fixtures built once per test run, not once per pytest-xdist worker."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

DONE = ".built"


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """A private copy of the folder ``build`` fills. Under pytest-xdist the first worker to
    ask builds it in the run's shared temporary folder while the other waits on a lock, then
    each copies it: training the bot or seeding the demo shop costs a minute of CPU that the
    two workers would otherwise each spend. A copy, because tests may write into it."""
    own = tmp_path_factory.mktemp(name)
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        build(own)
        return own
    shared = tmp_path_factory.getbasetemp().parent / f"once-{name}"
    with open(f"{shared}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / DONE).exists():
            shutil.rmtree(shared, ignore_errors=True)  # a worker that failed half-way
            shared.mkdir()
            build(shared)
            (shared / DONE).touch()
    shutil.copytree(shared, own, dirs_exist_ok=True, ignore=shutil.ignore_patterns(DONE))
    return own
