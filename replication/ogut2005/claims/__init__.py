"""Ogut et al. (2005)'s claims, registered by the ledger."""
