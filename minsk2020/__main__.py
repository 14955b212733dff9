"""Command line: ``python -m minsk2020 data`` and friends. See ``--help``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from minsk2020.errors import BookDataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m minsk2020", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    data = sub.add_parser("data", help="fetch every raw file, build every table, validate, replace")
    data.add_argument("--only", nargs="*", help="build only these tables (and the tables they read, rebuilt too)")
    data.add_argument("--graph", action="store_true", help="print the tables' dependency graph "
                      "(table <- builder <- input tables and sources, then a Mermaid block) and build nothing")
    data.add_argument("--out", type=Path, help="write the tables here instead of data/processed")
    sub.add_parser("validate", help="validate the committed tables against the committed data/datapackage.json, "
                   "and say whether it differs from what data/schemas would generate")
    sources = sub.add_parser("sources", help="maintain data/sources.yaml")
    action = sources.add_mutually_exclusive_group(required=True)
    action.add_argument("--fill", action="store_true", help="write sha256 and size where they are missing (never changes one)")
    action.add_argument("--repin", metavar="ID", help="change the pinned sha256 and size of ID to its mirror copy's")
    sources.add_argument("--force", action="store_true", help="with --repin: re-pin even an immutable URL (needs --reason)")
    sources.add_argument("--reason", help="with --force: why the pinned bytes changed (logged in sources.yaml)")
    sources.add_argument("--mirror", type=Path, help="the local mirror (default: $BOOK_DATA_MIRROR)")
    sub.add_parser("pdf", help="build the PDF edition into _build/pdf (needs chromium)")
    sub.add_parser("datapackage", help="regenerate data/datapackage.json from data/schemas and the builders")
    sub.add_parser("zenodo", help="regenerate .zenodo.json (Zenodo's release metadata) from CITATION.cff")
    args = parser.parse_args(argv)
    try:
        if args.command == "data" and args.graph:
            from minsk2020.data.graph import describe

            print(describe())
            return 0
        if args.command == "data":
            from minsk2020.data.build import run
            from minsk2020.paths import PROCESSED

            return run(only=args.only, out=args.out or PROCESSED)
        if args.command == "validate":
            return _validate()
        if args.command == "sources":
            return _sources(args)
        if args.command == "pdf":
            from minsk2020.book.pdf import main as pdf_main

            return pdf_main()
        if args.command == "zenodo":
            from minsk2020.book.cite import ZENODO, zenodo_text

            text = zenodo_text()
            tmp = ZENODO.with_suffix(".json.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(ZENODO)
            print(f"{ZENODO.name} written from CITATION.cff")
            return 0
        if args.command == "datapackage":
            from minsk2020.data import datapackage
            from minsk2020.data.publish import lock
            from minsk2020.paths import DATAPACKAGE

            with lock(DATAPACKAGE):
                datapackage.write()
            datapackage.validate()
            print("data/datapackage.json written and valid")
            return 0
    except BookDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a file system refusal not foreseen above: say which path, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}. Check that it exists and is writable.", file=sys.stderr)
        return 1
    return 2


def _validate() -> int:
    from minsk2020.data import datapackage
    from minsk2020.paths import DATAPACKAGE

    stale = datapackage.validate_committed()
    print(f"the committed tables are valid against the committed {DATAPACKAGE}")
    if stale:
        print(f"error: {DATAPACKAGE} differs from what data/schemas and the builders generate:", file=sys.stderr)
        for line in stale:
            print(f"  {line}", file=sys.stderr)
        print("run `python -m minsk2020 datapackage` and commit the result", file=sys.stderr)
        return 1
    return 0


def _sources(args) -> int:
    from minsk2020.data import registry
    from minsk2020.data.fetch import mirror_root
    from minsk2020.data.publish import lock
    from minsk2020.paths import REGISTRY

    if (args.force or args.reason) and not args.repin:
        raise BookDataError("--force and --reason go with --repin ID")
    mirror = args.mirror or mirror_root()
    if mirror is None:
        raise BookDataError("no mirror: pass --mirror DIR or set BOOK_DATA_MIRROR")
    if not Path(mirror).is_dir():
        raise BookDataError(f"mirror {mirror} is not a folder")
    with lock(REGISTRY):
        if args.fill:
            report = registry.fill_checksums(mirror)
            print(f"{len(report.filled)} missing sha256/size filled" + (f": {', '.join(report.filled)}" if report.filled else ""))
            if report.differing:
                print(f"error: {len(report.differing)} pinned file(s) differ from their mirror copy and were NOT changed: "
                      f"{', '.join(report.differing)}. If the new bytes are right, re-pin each explicitly with "
                      "`python -m minsk2020 sources --repin ID`.", file=sys.stderr)
                return 1
            return 0
        result = registry.repin(args.repin, mirror, force=args.force, reason=args.reason)
    print(f"{result.id}: {result.url}")
    print(f"  old sha256 {result.old_sha256 or '(none)'}  size {result.old_size}")
    print(f"  new sha256 {result.new_sha256}  size {result.new_size}")
    if not result.changed:
        print("  unchanged: the mirror copy already has the pinned hash and size")
    else:
        note = f" (forced: {result.forced_because})" if result.forced_because else ""
        print(f"  re-pinned{note}; logged under repins: in {REGISTRY}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
