"""help() works on every public module of the package (pydoc renders each one)."""

from __future__ import annotations

import importlib
import pkgutil
import pydoc

import pytest

import replication

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(replication.__path__, "replication.") if not m.name.endswith("__main__")
)


def test_the_walk_finds_the_papers_modules():
    named = {"replication.shim2012.model.derivation", "replication.ogut2005.model.derivation", "replication.sweeps"}
    assert named <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_help_renders(name):
    """Both modules whose sympy functions are classes without a module once crashed pydoc."""
    text = pydoc.render_doc(importlib.import_module(name), renderer=pydoc.plaintext)
    assert name in text
