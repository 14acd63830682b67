"""Shim (2012)'s model: the two firms' game with and without insurance (:mod:`.game`), the attack
taxonomy (:mod:`.attacks`), the appendix's closed forms (:mod:`.appendix`) and Table 1 derived with
sympy (:mod:`.derivation`, imported only when asked for)."""
