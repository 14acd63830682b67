"""Voluntary participation, Sections V-VI: loner games, individual rationality and VP.

* :mod:`.voluntary`: the loner game, the IR and VP tests on any model, and the seed study
  of the numerical example (Figs 11-12);
* :mod:`.total_effort`: the total-effort examples of Sections V-B and VI-B in closed form.
"""
