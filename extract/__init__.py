"""From a report file to a ``Report``: readers → Document → sections → cells → identities."""

EXTRACTOR_VERSION = "0.1.0"
