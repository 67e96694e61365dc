"""What a figure counts: its subject, and the kind of subject it is.

A figure is compared only with figures of the same concept about the same kind of subject: a city's
707 managed areas with another city's, never with one organisation's own count.

| kind                | the subject is …                                   | e.g.                         |
|---------------------|----------------------------------------------------|------------------------------|
| ``region``           | an area as a whole (全市, 全省, 全区)                 | 三明市 (436 重点项目)            |
| ``sector``           | an industry or system within an area               | 住建系统, 物业行业, 各市城管局    |
| ``government_organs``| a government's own organs                          | 市直机关, 省直机关               |
| ``organisation``     | one organisation                                   | 三明市经信委, 某中心党委          |

The region says where the subject sits; the reporting body (who wrote the report) is the report's.
"""

from __future__ import annotations

REGION, SECTOR, ORGANS, ORGANISATION = "region", "sector", "government_organs", "organisation"
KINDS = (REGION, SECTOR, ORGANS, ORGANISATION)
LABEL_KEY = {k: f"subject_{k}" for k in KINDS}


def default_kind(organization: str | None) -> str:
    """Without a stated kind: a figure with no organisation is about its region as a whole; with one,
    about that organisation."""
    return ORGANISATION if (organization or "").strip() else REGION
