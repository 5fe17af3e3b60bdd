"""Run a check in a fresh Python process: the test runner may hold threads, and a process with
threads forks no worker (siversk_map.workers), so pool checks run where a fork is allowed."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys

import pytest


def run_pool_check(code: str, what: str) -> None:
    """Run ``code`` with ``python -c``; it must exit 0 and print a line starting with "same ".

    Skipped where there is no ``fork`` (``what`` says what runs in one process instead).
    """
    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
        pytest.skip(f"no fork here: {what} in one process")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("same ")
