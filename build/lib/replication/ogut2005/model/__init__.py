"""Ogut et al. (2005)'s model: the firms' game (:mod:`.game`), its comparative statics
(:mod:`.statics`), market regions (:mod:`.regions`), liability (:mod:`.liability`), an unobserving
insurer (:mod:`.observability`), exact CARA utility (:mod:`.exact`) and the sympy derivation
(:mod:`.derivation`, imported only when asked for)."""
