"""One module per ``ogi`` subcommand; each exposes ``register(subparsers)``."""
