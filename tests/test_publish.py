"""Citation metadata, cite boxes, generated notebooks, the PDF edition and the CI workflows."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from minsk2020.book import cite
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


USES = re.compile(r"^\s*-?\s*uses:\s*(\S+)(.*)$", re.M)
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
TAG_COMMENT = re.compile(r"^\s*#\s*v\d+(\.\d+){1,2}\s*$")


def _workflows() -> dict[str, tuple[str, dict]]:
    return {path.name: (path.read_text(encoding="utf-8"), yaml.safe_load(path.read_text(encoding="utf-8")))
            for path in sorted(WORKFLOWS.glob("*.yml"))}


def unpinned_actions(text: str) -> list[str]:
    """`uses:` lines not pinned to a full commit SHA with its release tag in a comment."""
    return [f"{ref}{rest}" for ref, rest in USES.findall(text)
            if not PINNED.match(ref) or not TAG_COMMENT.match(rest)]


def loose_installs(text: str) -> list[str]:
    """pip installs that are not hash-checked installs of requirements.txt (or the local package)."""
    found = []
    for line in text.splitlines():
        for command in re.findall(r"pip install[^&\n]*", line):
            if "--require-hashes -r requirements.txt" in command:
                continue
            if re.search(r"--no-deps --no-build-isolation -e \.\s*$", command):
                continue
            found.append(command.strip())
    return found


def test_every_action_is_pinned_to_a_commit_sha_with_its_tag():
    texts = {name: text for name, (text, _) in _workflows().items()}
    assert texts, "no workflows"
    for name, text in texts.items():
        assert USES.findall(text), f"{name}: no actions found"
        assert not unpinned_actions(text), f"{name}: actions not pinned to a commit SHA (# vX.Y.Z): {unpinned_actions(text)}"
    # the check itself catches a tag pin and a SHA without its tag
    assert unpinned_actions("      - uses: actions/checkout@v4\n") == ["actions/checkout@v4"]
    assert unpinned_actions("      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n")
    assert not unpinned_actions("      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2\n")


def test_no_workflow_installs_an_unpinned_package():
    for name, (text, _) in _workflows().items():
        assert not loose_installs(text), f"{name}: installs without hashes: {loose_installs(text)}"
    assert loose_installs("      - run: pip install jupytext\n") == ["pip install jupytext"]
    assert loose_installs("run: pip install -r requirements.txt && pip install --no-deps -e .") == [
        "pip install -r requirements.txt", "pip install --no-deps -e ."]


def test_checkouts_keep_no_credentials_and_only_the_push_job_may_write():
    for name, (_, workflow) in _workflows().items():
        assert set(workflow["permissions"].values()) <= {"read"}, f"{name}: top-level permissions must be read-only"
        for job_name, job in workflow["jobs"].items():
            for step in job["steps"]:
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step.get("with", {}).get("persist-credentials") is False, (
                        f"{name}/{job_name}: checkout keeps the token in .git/config")
            writes = {k for k, v in job.get("permissions", {}).items() if v == "write"}
            if (name, job_name) == ("deploy.yml", "deploy"):
                assert writes == {"pages", "id-token"}
            elif (name, job_name) == ("deploy.yml", "notebooks"):
                assert job["permissions"] == {"contents": "write"}
                uses = [str(s.get("uses", "")) for s in job["steps"]]
                runs = " ".join(str(s.get("run", "")) for s in job["steps"])
                assert all(u.startswith("actions/download-artifact@") for u in uses if u), uses
                assert "pip" not in runs and "python" not in runs, "the job that can push runs no installed code"
            else:
                assert not writes, f"{name}/{job_name} has write permissions {writes}"


def test_requirements_pin_every_package_with_hashes():
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text)  # one entry per package: its line and its hashes
    packages = [e for e in entries if re.match(r"^[A-Za-z0-9][\w.-]*==", e)]
    assert len(packages) > 100
    for entry in packages:
        name = entry.split("==")[0]
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), f"{name} has no --hash"
    loose = [l for l in text.splitlines() if re.match(r"^[A-Za-z0-9]", l) and "==" not in l]
    assert not loose, f"requirements.txt lines without ==: {loose}"
    assert "pip-compile --generate-hashes" in text[:2000] and "pip install --require-hashes" in text[:2000]
    assert "pip-compile --generate-hashes" in (ROOT / "requirements.in").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.txt" in makefile


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
    from minsk2020.book.pdf import build_pdf
    from tests.bookcheck import toc_pages

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
