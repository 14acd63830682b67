"""Ogut et al. (2005)'s claims, registered by the ledger: one module per chapter (:mod:`.independent`,
:mod:`.interdependent` and :mod:`.interdependent_statics`, :mod:`.regions_planner`, :mod:`.exact_cara`) and
what the checks share (:mod:`.common`)."""
