"""Citation metadata, cite boxes, generated notebooks, the PDF edition and the CI workflows."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from minsk2020 import cite
from minsk2020.paths import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def test_citation_cff_is_valid():
    cffconvert = Path(sys.executable).with_name("cffconvert")
    result = subprocess.run([str(cffconvert), "--validate", "-i", str(ROOT / "CITATION.cff")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    meta = cite.metadata()
    for field in ("authors", "title", "version", "date-released", "license", "repository-code", "url", "abstract", "keywords"):
        assert meta.get(field), field


def test_chapter_citations_carry_title_book_version_year_and_url():
    meta = cite.metadata()
    bib = cite.bibtex(meta, "The oil price around the visit", "chapters/context/oil-price-around-the-visit")
    assert "@incollection{minsk2020_oil_price_around_the_visit_2026," in bib
    assert "booktitle = {{Pompeo in Minsk, February 2020: the data}}" in bib and f"Version {meta['version']}" in bib
    assert "chapters/context/oil-price-around-the-visit.html" in bib
    csl = json.loads(cite.csl_json(meta, "T", "chapters/x/y"))[0]
    assert csl["type"] == "chapter" and csl["container-title"] == meta["title"] and csl["issued"]["date-parts"][0][0] == 2026
    assert cite.apa(meta, "T", "chapters/x/y").startswith("The minsk2020 book team (2026). T. In *Pompeo in Minsk")


def _on(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as True


def test_workflows_have_the_intended_jobs_triggers_and_permissions():
    pr = yaml.safe_load((WORKFLOWS / "pr.yml").read_text())
    assert "pull_request" in _on(pr) and pr["permissions"] == {"contents": "read"}
    steps = " ".join(str(s.get("run", "")) + str(s.get("uses", "")) for s in pr["jobs"]["build"]["steps"])
    assert "jupyter-book build . -W -n --keep-going" in steps and "actions/cache" in steps

    deploy = yaml.safe_load((WORKFLOWS / "deploy.yml").read_text())
    assert _on(deploy)["push"]["branches"] == ["main"] and deploy["permissions"] == {"contents": "read"}
    assert deploy["jobs"]["deploy"]["needs"] == "build"
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["jobs"]["build"]["permissions"] == {"contents": "read"}
    uses = [s.get("uses", "") for s in deploy["jobs"]["build"]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy["jobs"]["deploy"]["steps"])

    weekly = yaml.safe_load((WORKFLOWS / "weekly.yml").read_text())
    assert "schedule" in _on(weekly) and weekly["permissions"] == {"contents": "read"}
    assert any("--all" in str(s.get("run", "")) for s in weekly["jobs"]["rebuild"]["steps"])

    links = yaml.safe_load((WORKFLOWS / "linkcheck.yml").read_text())
    assert "schedule" in _on(links) and "pull_request" not in _on(links)
    assert links["jobs"]["linkcheck"]["continue-on-error"] is True
    assert any("linkcheck" in str(s.get("run", "")) and "nb_execution_mode=off" in str(s.get("run", ""))
               for s in links["jobs"]["linkcheck"]["steps"])


@pytest.mark.book
def test_chapters_have_cite_boxes_footer_and_notebooks(built_book):
    from lxml import html as lxml_html

    page = lxml_html.parse(str(built_book / "chapters" / "context" / "oil-price-around-the-visit.html")).getroot().text_content()
    assert "Cite this chapter" in page and "@incollection{minsk2020_oil_price_around_the_visit_2026" in page
    assert f"Version {cite.metadata()['version']} · built" in page
    notebook = built_book / "_notebooks" / "chapters" / "context" / "oil-price-around-the-visit.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    assert any(c["cell_type"] == "code" for c in cells)
    assert "How to cite" in (built_book / "chapters" / "appendix" / "how-to-cite.html").read_text(encoding="utf-8")


@pytest.mark.pdf
def test_pdf_edition(tmp_path):
    if shutil.which("pdftotext") is None or shutil.which("chromium") is None:
        pytest.skip("the PDF test needs Debian's chromium and poppler-utils")
    from bookcheck import toc_pages
    from minsk2020.pdf import build_pdf

    pdf = build_pdf(out=tmp_path / "book.pdf", work=tmp_path / "print")
    pages = int(next(l for l in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout.splitlines()
                     if l.startswith("Pages:")).split()[1])
    assert pages >= 10
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    text = text.replace("\u2019", "'").replace("\u2013", "-")  # Sphinx typesets straight quotes and dashes
    for page in toc_pages():
        source = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        title = next(l[2:].strip() for l in source.splitlines() if l.startswith("# "))
        title = " ".join(title.split()).replace("\u2019", "'").replace("\u2013", "-").replace("--", "-")
        assert title in text, f"chapter title {title!r} missing from the PDF"
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
    big = [l for l in images if int(l.split()[3]) >= 600 and int(l.split()[4]) >= 200]
    # charts are glued under names starting "fig-" (tables glued as figures start "tbl-")
    figures = sum((ROOT / f"{p}.md").read_text(encoding="utf-8").count("{glue:figure} fig-") for p in toc_pages())
    assert len(big) >= figures, f"{len(big)} chart-sized images in the PDF for {figures} figures"
