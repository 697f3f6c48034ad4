"""``ogi site``: build the static HTML site (overview, provinces and cities, agencies) from the marts."""

from __future__ import annotations

import argparse
from pathlib import Path

from transform.warehouse import DEFAULT_DB

DEFAULT_SITE = Path("data/site")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("site", help="build the static HTML site from the marts")
    p.add_argument("--out", type=Path, default=DEFAULT_SITE, help=f"output folder (default {DEFAULT_SITE})")
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB})")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from transform.site.build import build_site

    console = Console(stderr=True)
    if not Path(args.db).exists():
        console.print(f"[red]no warehouse at {args.db}: run `ogi run` first[/red]")
        return 1
    stats = build_site(args.db, args.out)
    console.print(
        f"site: {stats.pages} pages ({stats.written} written, {stats.removed} removed), "
        f"{stats.bytes / 2**20:.1f} MB, {stats.seconds:.1f} s → open {Path(args.out) / 'index.html'}"
    )
    return 0
