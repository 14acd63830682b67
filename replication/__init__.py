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
"""

from importlib import metadata

#: the release's version; its one source is ``pyproject.toml`` (the package metadata)
__version__ = metadata.version("replication")

from replication.sweeps import sweep  # noqa: E402  (after the version: the one light import of the package)

__all__ = ["__version__", "sweep"]
