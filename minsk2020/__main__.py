"""Command line: ``python -m minsk2020 data`` and friends. See ``--help``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import BookDataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m minsk2020", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    data = sub.add_parser("data", help="fetch every raw file, build every table, validate, replace")
    data.add_argument("--only", nargs="*", help="build only these tables")
    data.add_argument("--out", type=Path, help="write the tables here instead of data/processed")
    sub.add_parser("validate", help="validate the committed tables against data/datapackage.json's schemas")
    sources = sub.add_parser("sources", help="maintain data/sources.yaml")
    sources.add_argument("--fill", action="store_true", help="write sha256 and size from a local mirror")
    sources.add_argument("--mirror", type=Path, default=Path("../shared/data-mirror"))
    sub.add_parser("pdf", help="build the PDF edition into _build/pdf (needs chromium)")
    sub.add_parser("datapackage", help="regenerate data/datapackage.json from data/schemas and the builders")
    args = parser.parse_args(argv)
    try:
        if args.command == "data":
            from .build import run
            from .paths import PROCESSED

            return run(only=args.only, out=args.out or PROCESSED)
        if args.command == "validate":
            from . import datapackage

            datapackage.validate()
            print("data package is valid")
            return 0
        if args.command == "sources":
            from .registry import fill_checksums

            if args.fill:
                print(f"{fill_checksums(args.mirror)} entries updated")
            return 0
        if args.command == "pdf":
            from .pdf import main as pdf_main

            return pdf_main()
        if args.command == "datapackage":
            from . import datapackage

            datapackage.write()
            datapackage.validate()
            print("data/datapackage.json written and valid")
            return 0
    except BookDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
