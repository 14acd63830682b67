"""The parameter grid on which Shim (2012)'s claims are checked (:mod:`.grid`), solved once."""
