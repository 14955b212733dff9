"""The chapters' helper module (minsk2020.book.notebook) and the parts of the book that test claims.

Each helper is checked on values worked out by hand, and each refusal on a planted bad input (an
unknown table, column, claim or part; a string where a number belongs).
"""

from __future__ import annotations

import ast

import jupytext
import pandas as pd
import pytest
import yaml

from minsk2020.book import notebook as nb
from minsk2020.book import register
from minsk2020.book.toc import toc_docnames
from minsk2020.data import claims as claims_rules
from minsk2020.data.tables import load
from minsk2020.paths import ROOT, SCHEMAS

# chapters converted to the module: no helper of their own, short cells, names that say what they hold,
# colours from the theme (add a chapter here once it is converted)
# every chapter of the book (so a new one is checked the day it joins _toc.yml), and the template
CHAPTERS = [name.removeprefix("chapters/") for name in toc_docnames() if name.startswith("chapters/")] + ["_template"]
MAX_CELL_LINES = 47


@pytest.fixture
def glued(monkeypatch):
    """What the helpers glue, by name (myst_nb.glue replaced by a recorder)."""
    import myst_nb

    found = {}

    def record(name, value, display=True):
        assert display is False, "a helper glued with display=True: the value would show twice"
        found[name] = value

    monkeypatch.setattr(myst_nb, "glue", record)
    return found


# ---------------------------------------------------------------- glue
def test_number_glues_the_text_it_returns(glued):
    price = nb.number("oil_brent_jan", 63.654, "{:.2f}")
    assert price == "63.65" == glued["oil_brent_jan"]
    assert f"Brent was US${price}" == "Brent was US$63.65"  # the title shows the glued digits
    assert nb.number("rows", 12345) == "12,345"  # default: whole number with thousands separator


@pytest.mark.parametrize("bad", ["63.6", None, float("nan"), pd.NA])
def test_number_refuses_what_is_not_a_number(glued, bad):
    with pytest.raises(nb.NotebookError, match="oil_brent_jan"):
        nb.number("oil_brent_jan", bad, "{:.2f}")
    assert glued == {}


def test_text_refuses_a_number_and_glue_returns_nothing(glued):
    with pytest.raises(nb.NotebookError, match="use number"):
        nb.text("n_rows", 12)
    assert nb.text("visit", "1 February 2020") == "1 February 2020" == glued["visit"]
    assert nb.glue("tbl-x", nb.table(pd.DataFrame({"a": [1]}), label="x", columns={"a": "A"})) is None
    assert "tbl-x" in glued


# ---------------------------------------------------------------- dates
def test_date_formats():
    assert nb.long_date("2020-02-01") == "1 February 2020"
    assert nb.long_date(pd.Timestamp("2019-12-31")) == "31 December 2019"
    assert nb.day_month("2020-03-09") == "9 March"
    assert nb.short_day("2020-01-31") == "31 Jan"
    assert nb.month("2020-02") == "February 2020"
    assert [nb.date_as_given(d) for d in ("2026-03-19", "2026-05", "2022")] == ["19 March 2026", "May 2026", "2022"]
    with pytest.raises(nb.NotebookError):
        nb.long_date("")


def test_periods_of_mixed_precision():
    assert nb.period_start("2020-02-01") == pd.Timestamp("2020-02-01")
    assert nb.period_start("2020-02") == pd.Timestamp("2020-02-01")
    assert nb.period_start("1998") == pd.Timestamp("1998-01-01")
    assert nb.period_start("2014/2016") == pd.Timestamp("2014-01-01")
    assert pd.isna(nb.period_start("")) and pd.isna(nb.period_start(float("nan")))
    assert nb.period_end("2020-02") == pd.Timestamp("2020-02-29")
    assert nb.period_end("2014/2016") == pd.Timestamp("2016-12-31")
    assert nb.period_end("2020-02-03") == pd.Timestamp("2020-02-03")
    with pytest.raises(nb.NotebookError, match="'early 2020'"):
        nb.period_start("early 2020")


def test_rows_dated_to_day_keep_days_inside_the_window():
    frame = pd.DataFrame({"when": ["2020-02-01", "2020-02", "2021-01-05", "2019-12-31"], "n": [1, 2, 3, 4]})
    rows = nb.rows_dated_to_day(frame, "when", ("2020-01-01", "2020-12-31"))
    assert rows["n"].tolist() == [1] and rows["date"].iloc[0] == pd.Timestamp("2020-02-01")
    assert nb.rows_dated_to_day(frame, "when")["n"].tolist() == [1, 3, 4]
    with pytest.raises(nb.NotebookError, match="no column 'date'"):
        nb.rows_dated_to_day(frame, "date")


def test_one_per_fact_takes_the_day_most_sources_give_and_the_earliest_on_a_tie():
    frame = pd.DataFrame({
        "fact_id": ["a", "a", "a", "b", "b"],
        "date": pd.to_datetime(["2020-10-02", "2020-10-01", "2020-10-02", "2020-12-16", "2020-12-15"]),
        "source": ["s1", "s2", "s3", "s4", "s5"],
    })
    one = nb.one_per_fact(frame).set_index("fact_id")
    assert one.loc["a", "date"] == pd.Timestamp("2020-10-02") and one.loc["a", "source_rows"] == 3
    assert one.loc["b", "date"] == pd.Timestamp("2020-12-15") and one.loc["b", "source_rows"] == 2


# ---------------------------------------------------------------- words
def test_words():
    assert nb.and_list(["the UK"]) == "the UK"
    assert nb.and_list(["the UK", "Canada", "the EU"]) == "the UK, Canada and the EU"
    with pytest.raises(nb.NotebookError):
        nb.and_list([])
    assert (nb.plural(1, "act"), nb.plural(0, "act"), nb.plural(3, "act")) == ("1 act", "0 acts", "3 acts")
    assert (nb.number_word(0), nb.number_word(1), nb.number_word(10), nb.number_word(11)) == ("no", "one", "ten", "11")
    assert nb.shorten("Visit: Under Secretary Hale meets Lukashenko in Minsk", 30) == "Visit: Under Secretary Hale …"
    assert nb.year_ranges([2018, 2000, 2001, 2002, 2001]) == "2000–2002 and 2018"


# ---------------------------------------------------------------- tables
def test_column_labels_come_from_the_schema():
    labels = nb.column_labels("brent_monthly_2018_2021")
    assert labels == {"month": "Calendar month (YYYY-MM)",
                      "brent_usd_per_bbl": "Europe Brent spot price FOB, monthly average (US$ per barrel)"}
    html = nb.table(load("brent_monthly_2018_2021").head(2), label="Brent", schema="brent_monthly_2018_2021",
                    columns={"month": "Month"}).html()
    assert "<th>Month</th>" in html and "<th>Europe Brent spot price FOB, monthly average (US$ per barrel)</th>" in html


def test_an_unknown_table_or_an_unlabelled_column_is_refused():
    with pytest.raises(nb.NotebookError, match="no table 'brent_monthly_2018_2012'"):
        nb.column_labels("brent_monthly_2018_2012")
    frame = pd.DataFrame({"month": ["2020-01"], "brent_usd_per_bbl": [63.65], "note": ["x"]})
    with pytest.raises(nb.NotebookError, match="'note'"):
        nb.table(frame, label="Brent", schema="brent_monthly_2018_2021")


# ---------------------------------------------------------------- the claims register
def test_claim_links_are_relative_to_the_page(monkeypatch):
    monkeypatch.chdir(ROOT / "chapters" / "claims")
    assert nb.claim_link("C21") == '<a href="register.html#claim-c21">C21</a>'
    monkeypatch.chdir(ROOT / "chapters" / "energy")
    assert nb.register_href("C01") == "../claims/register.html#claim-c01"


def test_an_unknown_claim_is_refused():
    with pytest.raises(nb.NotebookError, match="no claim 'C99'"):
        nb.claim_link("C99")
    with pytest.raises(nb.NotebookError, match="no claim 'c21'"):
        nb.verdict("c21")


def test_verdict_shows_the_register_verdict(monkeypatch):
    monkeypatch.chdir(ROOT / "chapters" / "claims")
    row = load("claims").set_index("claim_id").loc["C21"]
    slug = row["verdict"].replace(" ", "-")
    assert nb.verdict("C21") == (f'<a href="register.html#claim-c21">C21</a>: '
                                 f'<span class="claim-verdict claim-verdict-{slug}">{row["verdict"]}</span>')


def test_events_markdown_lists_a_topic_oldest_first(monkeypatch):
    monkeypatch.chdir(ROOT / "chapters" / "claims")
    events = pd.DataFrame({
        "event_id": ["AE-002", "AE-001", "AE-003"], "date": ["2021-06", "2020-08-09", "2020-09-01"],
        "topic": ["sanctions", "sanctions", "energy"], "summary": ["Later.", "Earlier.", "Other topic."],
        "conflict_note": [None, "one source says 10", None], "source_publisher": ["A & B", "C", "D"],
        "source_url": ["https://a.example/1", "https://c.example/2", "https://d.example/3"],
        "related_claim_ids": ["C21;C22", "C20", "C01"],
    })
    lines = nb.events_markdown(events, ["sanctions"]).data.splitlines()
    assert lines == [
        '- **9 August 2020.** Earlier. *Figures differ: one source says 10.* ([C](https://c.example/2 "Row AE-001 '
        'of the events table"); bears on <a href="register.html#claim-c20">C20</a>)',
        '- **June 2021.** Later. ([A &amp; B](https://a.example/1 "Row AE-002 of the events table"); bears on '
        '<a href="register.html#claim-c21">C21</a>, <a href="register.html#claim-c22">C22</a>)',
    ]


# ---------------------------------------------------------------- parts of the book
def test_the_parts_are_the_schema_chapter_values():
    schema = yaml.safe_load((SCHEMAS / "claims.yaml").read_text(encoding="utf-8"))
    field = next(f for f in schema["schema"]["fields"] if f["name"] == "chapter")
    assert claims_rules.PARTS == tuple(v for v in field["constraints"]["enum"] if v != "none")
    with pytest.raises(claims_rules.CuratedDataError, match="no field 'part'"):
        claims_rules.schema_values("part")


def test_part_names_come_from_the_pages_of_the_toc():
    names = register.part_names()
    assert set(names) == set(claims_rules.PARTS)
    assert names["central-asia"] == "Central Asia" and names["aftermath"] == "What happened next"
    assert nb.part_name("energy") == "Energy"
    with pytest.raises(nb.NotebookError, match="no part 'oil'"):
        nb.part_name("oil")


def _book(tmp_path, pages: dict[str, str]):
    toc = {"format": "jb-book", "root": "index",
           "parts": [{"caption": "Chapters", "chapters": [{"file": name} for name in pages]}]}
    (tmp_path / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    for name, text in pages.items():
        (tmp_path / f"{name}.md").parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    return tmp_path


def _markers(parts):
    return {f"chapters/{part}/page": f"# {part}\n\n<!-- generated: claims tested in {part} -->\n" for part in parts}


def test_a_new_part_page_is_found_and_named(tmp_path):
    pages = _markers(claims_rules.PARTS)
    pages["chapters/claims/aftermath/page"] = "<!-- generated: claims tested in aftermath (What happened next) -->\n"
    del pages["chapters/aftermath/page"]
    names = register.part_names(_book(tmp_path, pages))
    assert names["aftermath"] == "What happened next" and names["diplomacy"] == "Diplomacy"


@pytest.mark.parametrize("case", ["unknown part", "two pages", "no page"])
def test_a_bad_part_marker_is_refused(tmp_path, case):
    pages = _markers(claims_rules.PARTS)
    if case == "unknown part":
        pages["chapters/oil/page"] = "<!-- generated: claims tested in oil -->\n"
        match = "names part 'oil'"
    elif case == "two pages":
        pages["chapters/energy/again"] = "<!-- generated: claims tested in energy -->\n"
        match = "part 'energy' already has its claims block"
    else:
        del pages["chapters/sanctions/page"]
        match = "claims marker of part\\(s\\) sanctions"
    with pytest.raises(ValueError, match=match):
        register.part_names(_book(tmp_path, pages))


# ---------------------------------------------------------------- the converted chapters
def chapter_problems(cells: list[str]) -> list[str]:
    """What in a chapter's code cells the module should have made unnecessary."""
    trees = [ast.parse(source) for source in cells]
    found = [f"helper {node.name}() defined" for tree in trees for node in ast.walk(tree)
             if isinstance(node, ast.FunctionDef)]
    short = {node.id for tree in trees for node in ast.walk(tree)
             if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and len(node.id) == 1 and node.id != "_"}
    short |= {arg.arg for tree in trees for node in ast.walk(tree) if isinstance(node, ast.Lambda)
              for arg in node.args.args if len(arg.arg) == 1}
    found += [f"one-letter name {name!r}" for name in sorted(short)]
    found += ["a hex colour outside the theme" for source in cells if '"#' in source or "'#" in source]
    found += ["myst_nb.glue called directly (use nb.number, nb.text or nb.glue)" for source in cells
              if "glue(" in source.replace("nb.glue(", "").replace(").glue()", "")]
    found += [f"a cell of {len(source.splitlines())} lines" for source in cells
              if len(source.splitlines()) > MAX_CELL_LINES]
    return found


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_uses_the_module(chapter):
    notebook = jupytext.read(ROOT / "chapters" / f"{chapter}.md")
    problems = chapter_problems([cell.source for cell in notebook.cells if cell.cell_type == "code"])
    assert not problems, f"{chapter}: " + "; ".join(problems)


def test_the_chapter_rule_catches_a_private_helper():
    planted = ["from myst_nb import glue\n\n\ndef g(name, value):\n    glue(name, value, display=False)\n\n\no = 1\n",
               "chart = alt.Chart(frame).mark_line(color=\"#D55E00\")\n" + "x_total = 1\n" * 50]
    assert chapter_problems(planted) == [
        "helper g() defined", "one-letter name 'o'", "a hex colour outside the theme",
        "myst_nb.glue called directly (use nb.number, nb.text or nb.glue)", "a cell of 51 lines"]


def test_the_template_is_a_working_chapter_outside_the_build():
    template = ROOT / "chapters" / "_template.md"
    text = template.read_text(encoding="utf-8")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["only_build_toc_files"] is True and "chapters/_template" not in toc_docnames()
    assert "from minsk2020.book import notebook as nb" in text and "def " not in text
    assert text.count("\n<!-- generated: claims tested in PART -->\n") == 1
    assert not register.MARKER_PART.search(text)  # the placeholder is no part until it is filled in
