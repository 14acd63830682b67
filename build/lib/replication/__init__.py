"""Replication package for three papers on cyber insurance and security investment under
interdependent risk: Shim (2012), Ogut, Menon & Raghunathan (2005) and Naghizadeh & Liu
(2014).

The papers' models are in ``replication.shim2012``, ``replication.ogut2005`` and
``replication.naghizadeh2014`` (each with the same shape: ``model``, ``studies``,
``exhibits``, ``claims``), with the economics the first two share in
``replication.security``.  ``replication.ledger`` holds the registry of figures, tables
and claims and the claims toolkit, ``replication.numerics`` the general algorithms,
``replication.drawing`` the house style and the exhibit files, and ``replication.core`` the
basics (validation, the result cache, seeds).  ``python -m replication --help`` writes every figure, table
and claim to a folder.  :func:`sweep` tabulates any solver over a range of parameters
(a pandas ``DataFrame``; pandas is the optional ``sweep`` extra).

Claims, figures and tables of one's own are registered the same way as the papers'::

    from replication import ClaimResult, claim, register_paper

    register_paper("doe2024", short="Doe (2024)", citation="Doe, J. (2024). A model.", part="Doe 2024")

    @claim("doe2024:proposition_1", label="Proposition 1", statement="x rises with y.",
           quantifier="all", contrast="y falling", failure_kind="substantive")
    def proposition_1(contrast: bool = False) -> ClaimResult:
        ...

and ``python -m replication claims --module doe2024.py --out DIR`` checks them.  These
names are imported on first use, so ``import replication`` stays light (no plotting or
symbolic library is loaded).
"""

import tomllib
from importlib import import_module, metadata
from pathlib import Path
from typing import Any

#: the distribution's name on the package index (``pip install cyberinsurance-replication``);
#: the import name is ``replication``
DISTRIBUTION = "cyberinsurance-replication"


def _version() -> str:
    """The version in ``pyproject.toml`` when this is a source tree (a checkout, the source
    archive on ``PYTHONPATH``), else the installed distribution's metadata (a wheel)."""
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    if pyproject.is_file():
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        if project.get("name") == DISTRIBUTION:
            return str(project["version"])
    return metadata.version(DISTRIBUTION)


#: the release's version; its one source is ``pyproject.toml`` (the package metadata)
__version__ = _version()


#: Public names imported on first use: name -> the module defining it.
_LAZY = {
    "claim": "replication.ledger.registry",
    "figure": "replication.ledger.registry",
    "table": "replication.ledger.registry",
    "ClaimResult": "replication.ledger.registry",
    "FigureData": "replication.ledger.registry",
    "Table": "replication.ledger.registry",
    "load_module": "replication.ledger.own",
    "register_paper": "replication.core.papers",
    "sweep": "replication.sweeps",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'replication' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "DISTRIBUTION",
    "ClaimResult",
    "FigureData",
    "Table",
    "__version__",
    "claim",
    "figure",
    "load_module",
    "register_paper",
    "sweep",
    "table",
]
