"""Shim (2012)'s claims, one module per chapter (:mod:`.frameworks`, :mod:`.no_insurance`,
:mod:`.insurance`, whose propositions are in :mod:`.propositions` and :mod:`.propositions_5_6`),
and what the checks share (:mod:`.common`)."""
