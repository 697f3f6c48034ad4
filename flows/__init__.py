"""Orchestration: the ``ogi`` command line and the Prefect flows. No parsing logic lives here."""
