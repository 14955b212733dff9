"""A strict build of the whole book, and what the HTML must (not) contain."""

from __future__ import annotations

import shutil

import pytest

from minsk2020.paths import ROOT
from tests.bookcheck import html_pages, problems_in_page, strict_build, toc_pages


@pytest.mark.book
def test_every_toc_page_is_in_the_html(built_book):
    for page in toc_pages():
        assert (built_book / f"{page}.html").is_file(), f"{page} missing from the build"


@pytest.mark.book
def test_no_traceback_no_cdn_and_charts_use_local_vega(built_book):
    problems = [p for page in html_pages(built_book) for p in problems_in_page(page, built_book)]
    assert not problems, "\n".join(problems)


@pytest.mark.book
def test_book_has_charts_and_the_vega_bundle_is_served_locally(built_book):
    vendor = built_book / "_static" / "vendor"
    bundles = list(vendor.glob("vega-bundle-*.js"))
    assert bundles and bundles[0].stat().st_size > 500_000
    chart_pages = [p for p in html_pages(built_book) if 'class="vega-chart"' in p.read_text(encoding="utf-8")]
    assert chart_pages, "no page has a chart"


@pytest.mark.book
def test_data_package_is_published_with_the_book(built_book):
    assert (built_book / "data" / "datapackage.json").is_file()
    assert (built_book / "data" / "minsk2020-data-package.zip").stat().st_size > 1000


NOTEBOOK_THAT_RAISES = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {name: python3, display_name: Python 3}
---
# A page that fails

```{code-cell} ipython3
raise ValueError("deliberate failure for the strict-build test")
```
"""


@pytest.mark.book
def test_a_notebook_that_raises_fails_the_build_naming_it(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    shutil.copyfile(ROOT / "_config.yml", book / "_config.yml")
    shutil.copyfile(ROOT / "references.bib", book / "references.bib")
    (book / "_static").mkdir()
    shutil.copyfile(ROOT / "_static" / "book.css", book / "_static" / "book.css")
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: broken\n", encoding="utf-8")
    (book / "index.md").write_text("# Test book\n", encoding="utf-8")
    (book / "broken.md").write_text(NOTEBOOK_THAT_RAISES, encoding="utf-8")
    result = strict_build(book, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "broken" in output and "deliberate failure for the strict-build test" in output


@pytest.mark.book
def test_every_figure_has_its_spec_file_and_static_images(built_book):
    """The build writes <name>.vl.json, .svg and .png for each figure from the spec in its notebook
    output, the same spec the page draws (read here from the page's JSON block, with lxml)."""
    import json

    from lxml import html as lxml_html

    from minsk2020.book.vega import FIGURES_DIR

    figures = 0
    for page in html_pages(built_book):
        for block in lxml_html.parse(str(page)).getroot().xpath('//script[@type="application/json"][starts-with(@id, "spec-")]'):
            name = block.get("id")[len("spec-"):]
            folder = built_book / FIGURES_DIR
            assert json.loads((folder / f"{name}.vl.json").read_text(encoding="utf-8")) == json.loads(block.text), name
            assert (folder / f"{name}.svg").stat().st_size > 1000 and (folder / f"{name}.png").stat().st_size > 1000
            figures += 1
    assert figures > 0
