"""Build hook: a wheel carries the book's metadata (not its tables) in ``minsk2020/_book/``.

Installed outside a clone, the package needs the published URL (``_config.yml``), the citation
metadata, the bibliography, the source registry and the data package with each table's sha256
to fetch and check the tables it reads (see ``minsk2020/paths.py``). Everything else is in
pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BOOK_METADATA = ["_config.yml", "CITATION.cff", "references.bib", "data/datapackage.json", "data/sources.yaml"]


class build_py_with_book_metadata(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads the clone itself
            return
        here = Path(__file__).resolve().parent
        for name in BOOK_METADATA:
            target = Path(self.build_lib) / "minsk2020" / "_book" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(here / name, target)


setup(cmdclass={"build_py": build_py_with_book_metadata})
