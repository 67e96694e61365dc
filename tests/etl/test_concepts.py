"""The concept catalogue is data with tests: its shape, and each concept's cues against phrasings of the kinds
reports use (numbers changed, words shortened: ours, modelled on the reports named in the comments)."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from core.settings import DATA_DIR
from etl.extract.candidates import Reader
from etl.extract.catalogue import Catalogue
from etl.extract.documents import read_document

REF = DATA_DIR / "reference"


def _rows(name: str) -> list[dict]:
    with open(REF / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader.from_reference()


def concept_of(reader: Reader, text: str, figure: str) -> str | None:
    """The concept proposed for the figure written ``figure`` in ``text``."""
    doc = read_document(text.encode("utf-8"), "t.txt")
    rows = [r for r in reader.read(doc).rows if r["text"] == figure]
    assert rows, f"{figure} not found as a figure in {text}"
    return rows[0]["concept"]


# ------------------------------------------------------------------ the catalogue's shape

def test_the_catalogue_has_the_concepts_the_field_uses():
    concepts = {r["concept_key"]: r for r in _rows("concepts.csv")}
    assert len(concepts) >= 40
    required = {"owners_committee_count", "owners_committee_formation_rate", "party_activist_count",
                "property_company_party_org_count", "property_company_party_org_coverage", "residential_area_count",
                "residential_area_party_org_count", "residential_area_party_org_coverage", "red_site_count",
                "site_temp_branch_count", "vanguard_team_count", "vanguard_member_count", "organ_party_branch_count",
                "party_member_count", "party_brand_count", "community_count", "grid_count",
                "residential_workstation_count", "party_mass_service_center_count"}
    assert required <= set(concepts)
    for key, r in concepts.items():
        assert r["name_zh"] and r["name_en"] and r["definition_zh"] and r["definition_en"], key
        if r["kind"] in ("coverage", "share"):
            assert r["numerator_concept"] in concepts and r["denominator_concept"] in concepts, key
            assert concepts[r["numerator_concept"]]["unit"] != "%" and r["unit"] == "%", key


def test_every_concept_has_cues_an_indicator_and_no_name_is_taken_twice():
    concepts = {r["concept_key"] for r in _rows("concepts.csv")}
    cued = {r["concept_key"] for r in _rows("concept_cues.csv")}
    assert concepts <= cued
    cat = Catalogue.from_reference()
    for key in concepts:
        assert cat.indicator_of(key) is not None, f"{key}: no indicator to load its figures under"
    names = Counter(r["name_zh"] for r in _rows("indicators.csv"))
    assert [n for n, c in names.items() if c > 1] == []


# ------------------------------------------------------------------ cues against phrasings of several reports

PHRASINGS = [
    # property companies (reports 02, 04, 212, 239, 244)
    ("某区共有物业服务企业88家，其中12家物业服务企业建立了党组织。", "88家", "property_company_count"),
    ("某区共有物业服务企业88家，其中12家物业服务企业建立了党组织。", "12家", "property_company_party_org_count"),
    ("该街道有物业服务公司40家，其中22家建了党支部，覆盖率为55%。", "22家", "property_company_party_org_count"),
    ("该街道有物业服务公司40家，其中22家建了党支部，覆盖率为55%。", "55%", "property_company_party_org_coverage"),
    ("全市物业企业党建工作已覆盖66个。", "66个", "property_company_party_org_count"),
    ("新区共有物业企业50家，物业企业党组织覆盖率为80%。", "80%", "property_company_party_org_coverage"),
    # residential areas (reports 201, 202, 227, 245, 248)
    ("辖区共有住宅小区300个，已实施物业管理的小区240个，物业服务覆盖率80%。", "300个", "residential_area_count"),
    ("辖区共有住宅小区300个，已实施物业管理的小区240个，物业服务覆盖率80%。", "240个", "managed_residential_area_count"),
    ("辖区共有住宅小区300个，已实施物业管理的小区240个，物业服务覆盖率80%。", "80%", "property_service_coverage"),
    ("全区建立小区党组织120个。", "120个", "residential_area_party_org_count"),
    ("目前，90个小区已全部建立党组织。", "90个", "residential_area_party_org_count"),
    ("全县小区党组织覆盖率达到95%。", "95%", "residential_area_party_org_coverage"),
    # owners' committees (reports 201, 226, 227, 246, 248)
    ("全市组建了业主委员会320个。", "320个", "owners_committee_count"),
    ("全省已组建业主委员会5000个，组建率60.5%。", "60.5%", "owners_committee_formation_rate"),
    ("全区业委会党组织组建率100%。", "100%", "owners_committee_party_org_coverage"),
    ("推动40个业委会成立党支部。", "40个", "owners_committee_party_org_count"),
    # construction (reports 001, 105, 112, 215)
    ("全市打造红色工地示范项目20个。", "20个", "red_site_count"),
    ("在建项目中组建临时党支部15个。", "15个", "site_temp_branch_count"),
    # vanguard and volunteers (reports 001, 09, 10, 219)
    ("住建系统组建党员先锋队8支，共120人。", "8支", "vanguard_team_count"),
    ("突击队扩编到150人。", "150人", "vanguard_member_count"),
    ("设置党员先锋岗25个。", "25个", "party_pioneer_post_count"),
    ("组建志愿服务队12个。", "12个", "volunteer_team_count"),
    ("招募志愿者900余人。", "900余人", "volunteer_count"),
    # organs and Party statistics (reports 002, 211, 230, 233, 234, 236)
    ("至年底，市直机关有党支部700个。", "700个", "organ_party_branch_count"),
    ("截至2022年底，全市党员20.5万名。", "20.5万名", "party_member_count"),
    ("全市党的基层组织1.5万个。", "1.5万个", "grassroots_party_org_count"),
    ("全市共设立基层党委800个、总支部700个、支部9000个。", "800个", "party_committee_count"),
    ("全市共设立基层党委800个、总支部700个、支部9000个。", "700个", "general_branch_count"),
    ("全市共设立基层党委800个、总支部700个、支部9000个。", "9000个", "party_branch_count"),
    ("全年发展党员500名。", "500名", "new_party_member_count"),
    ("确定入党积极分子900人。", "900人", "party_activist_count"),
    ("女党员5万名，占党员总数30.1%。", "5万名", "female_party_member_count"),
    ("女党员5万名，占党员总数30.1%。", "30.1%", "female_member_share"),
    ("大专及以上学历党员6万名，占45.2%。", "45.2%", "college_member_share"),
    ("35岁及以下党员3万名，占20.4%。", "3万名", "young_member_count"),
    # two new organisations (reports 205, 206, 229, 230)
    ("全市已有900家规模以上非公企业建立党组织，覆盖率达98%。", "900家", "non_public_enterprise_party_org_count"),
    ("全市已有900家规模以上非公企业建立党组织，覆盖率达98%。", "98%", "non_public_enterprise_party_coverage"),
    ("社会组织党组织覆盖率达到85%。", "85%", "social_org_party_coverage"),
    ("全市两新组织党组织1200个。", "1200个", "two_new_org_party_org_count"),
    # community level and services (reports 202, 204, 245, 251)
    ("全市共有社区120个。", "120个", "community_count"),
    ("划分党建网格350个。", "350个", "grid_count"),
    ("建成党群服务中心30个。", "30个", "party_mass_service_center_count"),
    ("累计解决群众诉求200余件。", "200余件", "problems_solved_count"),
]


@pytest.mark.parametrize(("text", "figure", "expected"), PHRASINGS, ids=[f"{p[2]}:{p[1]}" for p in PHRASINGS])
def test_cues_name_the_concept(reader, text, figure, expected):
    assert concept_of(reader, text, figure) == expected


NOT_A_CONCEPT = [
    ("其中单建党组织9家，联建党组织5家。", "9家"),                     # a sub-type (report 06)
    ("新成立物业党支部6个。", "6个"),                                   # a flow, not the stock (212)
    ("符合组建条件的共有30家。", "30家"),                               # the eligible (07)
    ("全市两新组织党组织600个，占全区20.5%。", "20.5%"),              # a share of a wider total (205)
    ("覆盖率比上年提高3.5%。", "3.5%"),                                 # the change of a rate (230)
]


@pytest.mark.parametrize(("text", "figure"), NOT_A_CONCEPT, ids=[p[1] for p in NOT_A_CONCEPT])
def test_sub_types_flows_and_shares_of_a_wider_total_are_no_concept(reader, text, figure):
    assert concept_of(reader, text, figure) is None


def test_every_proposal_carries_its_reason_and_four_alternatives_at_most(reader):
    doc = read_document("某区共有物业服务企业88家，其中12家物业服务企业建立了党组织。".encode(), "t.txt")
    for r in reader.read(doc).rows:
        assert r["concept_reason"] and len(r["concept_suggestions"]) <= 5
        assert r["region_basis"] in (None, "clause", "report") and r["period_basis"]
