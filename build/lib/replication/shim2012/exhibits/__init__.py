"""Shim (2012)'s figures (:mod:`.figures`) and Table 1 (:mod:`.tables`), registered by the ledger."""
