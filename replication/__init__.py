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

from importlib import metadata

#: the release's version; its one source is ``pyproject.toml`` (the package metadata)
__version__ = metadata.version("replication")
