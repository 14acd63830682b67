"""The figures (:mod:`.figures`) and tables (:mod:`.tables`) of our chapter beyond the papers."""
