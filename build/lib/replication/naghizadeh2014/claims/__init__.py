"""The paper's claims, one module per chapter (registered with :meth:`replication.ledger.registry.Registry.claim`):
:mod:`.mechanism` (with its repairs in :mod:`.mechanism_repairs` and Example 1 in
:mod:`.mechanism_example_1`), :mod:`.weakest_link`, :mod:`.participation` (with its examples in
:mod:`.participation_examples`), and what the checks share (:mod:`.evidence`).

A module imports the models and studies it checks, the shared evidence, and at most the first
module of a chapter (:mod:`.mechanism`, whose uncoupled Example 1 the weakest-link chapter
compares with).
"""
