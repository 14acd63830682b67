"""Ogut et al. (2005)'s exhibits: figures (:mod:`.figures`) and tables (:mod:`.tables`), registered by the ledger."""
