"""The README follows the replication template of the social-science data editors, and its
library example runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")

#: the sections of the data editors' template (AEA), in its order
TEMPLATE = (
    "## Overview",
    "## Data availability and provenance statements",
    "### Statement about rights",
    "## Computational requirements",
    "### Software requirements",
    "### Controlled randomness",
    "### Memory, runtime and storage requirements",
    "## Description of programs and code",
    "## Instructions to replicators",
    "## List of exhibits",
)


def test_readme_has_the_template_sections_in_order():
    headings = [line.strip() for line in README.splitlines() if line.startswith("#")]
    positions = [headings.index(section) for section in TEMPLATE]
    assert positions == sorted(positions)


def test_requirements_state_measured_memory_disk_and_time():
    section = README.split("### Memory, runtime and storage requirements")[1].split("\n## ")[0]
    assert re.search(r"peak memory.*\| \d+ MiB", section)
    assert re.search(r"wheel.*\| [\d.]+ MB", section) and re.search(r"source archive.*\| [\d.]+ MB", section)
    assert re.search(r"`make book`.*\| \d+ s", section) and re.search(r"`make test`.*\| \d+ s", section)


def test_the_library_example_runs():
    """The README's Python block, run as a script in a fresh process, from the checkout."""
    section = README.split("## Using the package as a library")[1].split("\n## ")[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1
    done = subprocess.run(
        [sys.executable, "-c", blocks[0]],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(
        r"equilibrium: investment 0\.\d{4}, cover 0\.\d{4}; planner: investment 0\.\d{4}\n", done.stdout
    )
