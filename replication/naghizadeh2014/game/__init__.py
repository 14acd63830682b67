"""The IDS game of Section II: risk models, the Nash equilibrium and the social optimum.

* :mod:`.models`: the risk models (weighted total effort, total effort, soft-min weakest link);
* :mod:`.equilibrium`: the Nash equilibrium, best responses and the social optimum (problem 2);
* :mod:`.lcp`: Lemke's algorithm for the equilibrium LCP of the exponential-exposure models;
* :mod:`.instances`: the random instances of the Section IV examples (unpublished draws).
"""
