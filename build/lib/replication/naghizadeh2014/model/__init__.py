"""Naghizadeh & Liu (2014)'s model.

* :mod:`.risk`: the risk models (weighted total effort, total effort, soft-min weakest link);
* :mod:`.game`: the Nash equilibrium, best responses and the social optimum (Section II);
* :mod:`.instances`: the random instances of the Section IV examples (unpublished draws);
* :mod:`.mechanism`: messages, the implemented profile, net payments and contracts (Section III);
* :mod:`.deviations`: the search for profitable unilateral deviations (Theorems 1-2);
* :mod:`.participation`: loner games, individual rationality and voluntary participation (Sections V-VI);
* :mod:`.total_effort`: the total-effort examples of Sections V-B and VI-B in closed form."""
