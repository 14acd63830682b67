"""The grids on which Ogut et al. (2005)'s results are checked: the Taylor-step model (:mod:`.grid`)
and exact CARA utility (:mod:`.exact_grid`)."""
