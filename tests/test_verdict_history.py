"""Verdict history: a claim whose verdict changed after 2022 says so, in the register and its data."""

from __future__ import annotations

from lxml import html as lxml_html

from minsk2020.book import register
from minsk2020.data import claims


def test_a_changed_verdict_needs_a_reason_and_is_shown_in_the_register():
    frame = claims.load_claims()
    row = frame.index[frame["verdict"] == "supported"][0]
    changed = frame.copy()
    changed.loc[row, "verdict_2022"] = "not supported"
    changed.loc[row, "changed_since_2022"] = ""
    cid = changed.loc[row, "claim_id"]
    assert any(p.startswith(f"{cid}: verdict_2022") for p in claims.problems(changed))
    changed.loc[row, "changed_since_2022"] = "The 2025 releases bore it out."
    assert not any(p.startswith(f"{cid}: verdict_2022") for p in claims.problems(changed))
    page = lxml_html.fromstring(register.register_html(changed))
    history = page.xpath(f'//tr[@id="claim-{cid.lower()}"]//p[contains(@class,"claim-history")]')
    assert history and "not supported on the record to 2022; supported now" in history[0].text_content()
    assert len(page.xpath('//p[contains(@class,"claim-history")]')) == int((changed["verdict_2022"] != changed["verdict"]).sum())


def test_every_row_has_a_2022_verdict_and_a_reason_where_it_changed():
    frame = claims.load_claims()
    assert set(frame["verdict_2022"]) <= set(claims.VERDICTS)
    moved = frame[frame["verdict_2022"] != frame["verdict"]]
    assert (moved["changed_since_2022"].str.len() > 20).all(), moved["claim_id"].tolist()
    assert frame["verdict_as_of"].nunique() == 1, "one as-of date for the whole register"
