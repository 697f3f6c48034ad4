"""The ``ogi`` command line: a thin dispatcher over the subcommand modules in flows/commands/."""

from __future__ import annotations

import argparse
import importlib
import sys

# Subcommand name -> module (each module owns its arguments and its work).
COMMANDS = {
    "extract": "flows.commands.extract",
    "run": "flows.commands.run",
    "serve": "flows.commands.serve",
    "load": "flows.commands.load",
    "query": "flows.commands.query",
    "export": "flows.commands.export",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ogi",
        description="Warehouse for China's open-government-information annual reports.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:  # a real missing dependency inside the module: say so
                raise
            continue
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
