"""The paper's claims, one module per chapter (registered with :func:`replication.core.claim`).

Each module imports the models and experiments it checks, never another claims module.
"""
