"""The book half: what turns the tables into pages.

Sphinx extensions (``sphinxext``, ``register``, ``verdicts``, ``corrections``, ``citations``), the chart
theme and figure helper (``charts``), citation metadata (``cite``), the appendix, notebook downloads and
launch links (``downloads``, ``rerun``, ``toc``) and the PDF edition (``pdf``). It reads the data half;
the data half never reads it.
"""
