"""The figures, one module per chapter (registered with :meth:`replication.ledger.registry.Registry.figure`).

* :mod:`.mechanism`: Figs 1-5 (Example 1) and its draws;
* :mod:`.weakest_link`: Figs 6-10 (Example 2), its draws, ``gamma`` and gradient play;
* :mod:`.participation`: Figs 11-12 and the positive example's region;
* :mod:`.bars`: the bar-chart shapes Figs 1-10 share.
"""
