"""Beyond the papers (ours): one network of unequal firms under every remedy.

:mod:`replication.beyond.model.network` draws networks of unequal firms calibrated to the
papers' parameter ranges and solves each under no intervention, the social optimum,
insurance at a loading and liability (with :mod:`replication.heterogeneous`);
``figures``, ``tables`` and ``claims`` register the chapter's exhibits and our claims.
Nothing here is in any of the three papers.
"""
