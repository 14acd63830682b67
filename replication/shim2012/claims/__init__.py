"""Shim (2012)'s claims: the propositions (:mod:`.propositions`), the text around them (:mod:`.text`),
and what the checks share (:mod:`.common`)."""
