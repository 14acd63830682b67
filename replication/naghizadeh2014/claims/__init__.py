"""The paper's claims, one module per chapter (registered with :meth:`replication.ledger.registry.Registry.claim`).

Each module imports the models and experiments it checks, never another claims module.
"""
