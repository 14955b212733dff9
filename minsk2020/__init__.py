"""minsk2020: the mechanics behind the book "Pompeo in Minsk, February 2020: the data".

Fetching raw files by URL and sha256 (:mod:`minsk2020.data.fetch`), one builder per source
(:mod:`minsk2020.data.builders`), the data package (:mod:`minsk2020.data.datapackage`), the chart
theme and figure helper (:mod:`minsk2020.book.charts`) and citation helpers
(:mod:`minsk2020.book.cite`). Notebooks import from here; they never copy code from each other.
"""

__version__ = "0.3.0"
