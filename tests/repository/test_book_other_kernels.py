"""The stored chapters on another machine's arithmetic.

A machine picks its own BLAS kernel (OpenBLAS chooses one for the CPU it finds) and its own
SIMD paths for NumPy's functions, and these round differently in the last bits.  A stored
output that shows those bits (a residual of 2.8e-17 here and 0 there, or a search that stops
early at a slightly different point) then fails nbval on the other machine, although nothing
is wrong.  This test runs every chapter through nbval once more, on this machine, with the
oldest x86-64 BLAS kernel OpenBLAS has (``OPENBLAS_CORETYPE=Nehalem``, SSE only) and with
every NumPy SIMD path above the baseline switched off (``NPY_DISABLE_CPU_FEATURES``), in a
result cache of its own, so every claim is computed again with that arithmetic.  Every cell
must give the stored output.  It takes about as long as nbval in ``make test``, so it is
marked slow and run by ``make test-artifacts``.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def other_kernels() -> dict[str, str]:
    """The environment that makes this process's BLAS and NumPy use their most basic x86-64 kernels."""
    simd = np.show_config(mode="dicts")["SIMD Extensions"]
    return {"OPENBLAS_CORETYPE": "Nehalem", "NPY_DISABLE_CPU_FEATURES": " ".join(simd["found"])}


@pytest.mark.slow
def test_every_chapter_gives_its_stored_outputs_with_other_floating_point_kernels(tmp_path):
    if platform.machine().lower() not in {"x86_64", "amd64"}:
        pytest.skip("the kernels named here are x86-64 ones")
    env = {**os.environ, **other_kernels(), "REPLICATION_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("PYTEST_XDIST_WORKER", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadfile"]
        + ["--nbval", "--nbval-current-env", "book"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert run.returncode == 0, run.stdout[-6000:]
    assert " passed" in run.stdout.splitlines()[-1] and "failed" not in run.stdout.splitlines()[-1]
