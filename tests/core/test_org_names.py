"""English names of organisations (#22 item 13): made from the catalogue of kinds and the figure's own places,
or none (shown as the original name) — never transliterated or guessed."""

from __future__ import annotations

import csv

import pytest

from core import org_names
from dashboard import formatting as fmt

SANMING = [("三明市", "Sanming"), ("三明市", "Sanming"), ("福建省", "Fujian")]


@pytest.mark.parametrize(("zh", "places", "en"), [
    ("三明市直机关工委", SANMING, "Sanming Municipal Organs Work Committee"),   # 三明 + 市直机关工委
    ("市直机关", SANMING, "Municipal government organs"),                       # a kind alone
    ("福建省住房和城乡建设厅", SANMING, "Fujian Department of Housing and Urban-Rural Development"),
    ("“两新”组织", [], "New economic and social organizations"),                # quotes are not part of a kind
    ("呼和浩特市物业行业", [("呼和浩特市", "Hohhot")], "Hohhot property-management sector"),
    ("金乡县县直机关", [("金乡县", "Jinxiang")], "Jinxiang county government organs"),
])
def test_a_place_and_a_kind_have_an_english_name(zh, places, en):
    assert org_names.english(zh, places) == en


@pytest.mark.parametrize(("zh", "places"), [
    ("金贸街道", [("龙华区", "Longhua")]),                   # a subdistrict's own name: nothing to translate
    ("鼎林华庭小区", [("东港市", "Donggang")]),               # a compound
    ("三明市直机关工委", [("福州市", "Fuzhou")]),            # the place is not the figure's own
    ("三明市直机关工委后勤组", SANMING),                       # more than a place and a kind
    ("", SANMING), (None, SANMING),
])
def test_anything_else_has_none(zh, places):
    assert org_names.english(zh, places) is None


def test_the_catalogue_is_well_formed():
    with org_names.TERMS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 40
    terms = [r["term_zh"] for r in rows]
    assert len(terms) == len(set(terms)), "a kind named twice"
    for r in rows:
        assert r["term_zh"] and r["name_en"] and not any("\u4e00" <= ch <= "\u9fff" for ch in r["name_en"]), r


def test_the_english_ui_marks_an_original_name():
    row = {"organization_zh": "金贸街道", "region_zh": "龙华区", "region_en": "Longhua", "subject_kind": "organization",
           "region_level": "county"}
    assert fmt.organization(row, "en") == "金贸街道 (original name)"
    assert fmt.organization(row, "zh") == "金贸街道"
    assert fmt.subject_label(row, "en") == "Longhua · 金贸街道 (original name)"
    named = {**row, "organization_zh": "三明市直机关工委", "region_zh": "三明市", "region_en": "Sanming"}
    assert fmt.subject_label(named, "en") == "Sanming · Sanming Municipal Organs Work Committee"
    assert fmt.organization({"organization_zh": None}, "en") == fmt.text(None, "en")    # unknown, not a guess
