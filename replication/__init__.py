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
and claim to a folder.
"""

import tomllib
from importlib import metadata
from pathlib import Path

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
