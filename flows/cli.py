"""The ``ogi`` command line: a thin dispatcher over the subcommand modules in flows/commands/.

Only the chosen subcommand's module is imported, so ``ogi extract`` does not pay for Prefect,
DuckDB or dbt start-up.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Subcommand -> (module, one-line help). Each module exposes register(subparsers).
COMMANDS = {
    "extract": ("flows.commands.extract", "extract the tables of report files (JSON or a summary)"),
    "run": ("flows.commands.run", "one run of the ingestion flow: discover, extract, load, models, export"),
    "serve": ("flows.commands.serve", "serve the ingestion flow on a nightly schedule"),
    "load": ("flows.commands.load", "load `ogi extract --json` output into the warehouse"),
    "query": ("flows.commands.query", "run SQL against the warehouse and print a table"),
    "search": ("flows.commands.search", "find reports whose text contains a keyword (信息处理费 …)"),
    "export": ("flows.commands.export", "export the warehouse and marts as parquet or CSV"),
    "publishers": ("flows.commands.publishers", "expected publishers: import lists, who did not publish"),
    "site": ("flows.commands.site", "build the static HTML site (charts, agencies, quality) from the marts"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``command`` only that subcommand's module is imported."""
    parser = argparse.ArgumentParser(
        prog="ogi",
        description="Warehouse for China's open-government-information annual reports.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        if name != command:
            sub.add_parser(name, help=help_text)
            continue
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:  # a real missing dependency inside the module: say so
                raise
            sub.add_parser(name, help=help_text + " (not installed)")
            continue
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command if command in COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
