"""Where things live, resolved from the package so code runs from any working directory."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PROCESSED = DATA / "processed"
CURATED = DATA / "curated"
SCHEMAS = DATA / "schemas"
REGISTRY = DATA / "sources.yaml"
DATAPACKAGE = DATA / "datapackage.json"
BIBLIOGRAPHY = ROOT / "references.bib"
CONFIG = ROOT / "_config.yml"
