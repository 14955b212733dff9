"""The book's tests, a package: shared fixtures in ``conftest.py``; shared helpers in ``bookcheck``
(the built HTML, the strict build), ``browser_support`` (Chromium), ``data_project`` (a small project copy).
Run from the repository root: ``python -m pytest``; the benchmark imports them as ``tests.bookcheck``."""
