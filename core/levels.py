"""Administrative levels: one vocabulary for the whole product.

The warehouse, the ETL and the dashboard's code say ``province | prefecture | county`` (GB/T 2260's
省级 / 地级 / 县级), in ``dim_region.level`` and ``fact.scope_level`` alike. People say 省 / 市 / 区县,
so URL parameters, the analysts' template columns and filter boxes are named ``province | city |
district``: ``FIELD`` and ``LEVEL_OF_FIELD`` translate, here and nowhere else.
"""

from __future__ import annotations

PROVINCE, PREFECTURE, COUNTY = "province", "prefecture", "county"
LEVELS = (PROVINCE, PREFECTURE, COUNTY)
RANK = {lvl: i for i, lvl in enumerate(LEVELS)}

# level -> the name of its field in URLs, template columns and filters
FIELD = {PROVINCE: "province", PREFECTURE: "city", COUNTY: "district"}
LEVEL_OF_FIELD = {v: k for k, v in FIELD.items()}
FIELDS = tuple(FIELD.values())

ZH = {PROVINCE: "省级", PREFECTURE: "地级", COUNTY: "县级"}
LABEL_KEY = {PROVINCE: "level_province", PREFECTURE: "level_city", COUNTY: "level_district"}

# earlier spellings still read from files (data/figures/*.csv once said city for prefecture)
ALIASES = {"city": PREFECTURE, "district": COUNTY, "prefecture_level": PREFECTURE}


def normalize(word: str | None) -> str | None:
    """A level from any of its spellings (``city`` → ``prefecture``); None when it is none."""
    if word is None:
        return None
    w = str(word).strip().lower()
    if w in RANK:
        return w
    return ALIASES.get(w)
