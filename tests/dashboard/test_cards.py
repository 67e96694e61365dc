"""Headline cards on the real warehouse (#20, point 5): a concept reported by several places names them on its
card; a card's figure is about the widest subject its indicator has (the seeds' 294 vanguard members of a
sector, not one company's 164), and the four seed headline figures stay on the first page."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _real(built_warehouse, monkeypatch):
    from dashboard import db

    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    db.close_all()
    yield
    db.close_all()


def _cards():
    from dashboard import cards
    from dashboard.filters import Filters

    return cards.headline_rows(Filters())


def test_the_seed_headlines_stay_and_the_widest_subject_is_the_figure():
    rows = {r["indicator_key"]: r for r, _, _ in _cards()}
    shown = {k: int(r["value"]) for k, r in rows.items()}
    assert {shown["property_mgmt_area_count"], shown["red_site_demo_project_count"],
            shown["vanguard_member_count"], shown["party_branch_count"]} == {707, 38, 294, 609}
    assert rows["vanguard_member_count"]["subject_kind"] == "sector"     # not a company's team


def test_a_card_names_the_other_places_of_its_concept_kind_and_level():
    from dashboard import cards

    with_peers = [(r, c, w) for r, c, w in _cards() if r["peers"]]
    assert len(with_peers) >= 3
    for row, comp, word in with_peers:
        for p in row["peers"]:
            assert (p["concept_key"], p["subject_kind"], p["scope_level"]) == \
                   (row["concept_key"], row["subject_kind"], row["scope_level"])
            assert p["region_code"] != row["region_code"]
        html = cards.card_html(row, comp, word, "zh")
        first = row["peers"][0]
        assert first["region_zh"] in html and f"共 {len(row['peers']) + 1} 个地区" in html
        en = cards.card_html(row, comp, word, "en")
        assert f"{len(row['peers']) + 1} places" in en and not any("\u4e00" <= ch <= "\u9fff" for ch in
                                                                  en.split("class='peers'>")[1][:14])


def test_the_best_known_figures_lead():
    """#22 item 5: the first cards came from the report that names no city, no date and no publisher."""
    from dashboard.cards import known

    rows = [r for r, _, _ in _cards()]
    scores = [known(r) for r in rows]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    assert rows[0]["report_id"] != "001" and rows[-1]["report_id"] == "001"
    vague = {"region_code": "340000", "region_unnamed": True, "ref_year": None, "publisher": None,
             "publisher_status": "unknown", "published_on": None, "published_status": "unknown"}
    stated = {"region_code": "350400", "region_unnamed": False, "ref_year": 2017, "ref_date_basis": "stated",
              "publisher": "某报", "publisher_status": "confirmed", "published_on": "2017-10",
              "published_status": "confirmed"}
    inferred = {**stated, "ref_date_basis": "inferred", "publisher_status": "inferred"}
    assert known(vague) == 0 < known(inferred) < known(stated) == 4


def test_an_analysts_report_is_named_by_its_title_not_its_hash():
    """#22 item 13: analysts' reports showed as [a42328ded33] in cards and deck sources."""
    from dashboard import cards
    from dashboard import formatting as fmt

    row, comp, word = _cards()[0]
    mine = {**row, "report_id": "a42328ded33", "report_title_zh": "某区物业党建简报（测试）", "peers": []}
    html = cards.card_html(mine, comp, word, "zh")
    assert "a42328ded33" not in html and "某区物业党建简报（测试）" in html
    assert "a42328ded33" not in fmt.source_line(mine, "zh")
    assert fmt.report_ref(row, "zh").startswith(f"[{row['report_id']}] ")      # curated reports keep their number
