"""Our own claims beyond the papers (:mod:`.one_network`), labelled as ours."""
