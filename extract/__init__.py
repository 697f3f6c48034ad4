"""From a report file to a ``Report``: readers → Document → sections → cells → identities."""

# Bumped whenever what the extractor reads from a file changes: `ogi run` extracts documents read
# by another version again (transform.warehouse.stale_documents), so the warehouse follows the code.
EXTRACTOR_VERSION = "0.3.0"
