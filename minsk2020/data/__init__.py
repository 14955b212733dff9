"""The data half: raw files by URL and sha256, one builder per source, tidy tables, the data package.

registry (data/sources.yaml) -> fetch (cache or local mirror) -> builders -> build (stage, validate,
publish atomically) -> data/processed/ + datapackage.json; curated tables are validated by
``curated``; notebooks read both through ``tables.load``. Nothing here imports :mod:`minsk2020.book`.
"""
