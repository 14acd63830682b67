"""Our network of unequal firms (:mod:`.network`), solved under every remedy."""
