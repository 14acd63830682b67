"""The insurance mechanism of Sections III-IV: messages, outcome, payments, contracts.

* :mod:`.outcome`: messages, the implemented profile and net payments (eqs. 6-8), the
  equilibrium messages and contracts;
* :mod:`.deviations`: the search for profitable unilateral deviations (Theorems 1-2).
"""
