"""Every name sedp gives what it publishes: the site's folders and pages, the
documents (DOCX), the workbooks (XLSX) and the open data. One home, so that a
link and the file it points to cannot drift apart; tests/test_one_home.py finds
a name spelt anywhere else.

Paths are relative to the site's root unless a docstring says otherwise.
"""

from __future__ import annotations

OPEN_DATA = "du-lieu-mo"  # the site's folder (and of build/docs) with the open data; its page is OPEN_DATA.md
OPEN_DATA_PAGE = f"{OPEN_DATA}.md"
DATA_PACKAGE = "datapackage.json"  # in OPEN_DATA: the Frictionless description of every table
PROVINCE_WORKBOOK = "tong-hop-tinh.xlsx"  # in OPEN_DATA
PERIOD_OUTLINE = "bao-cao-giai-doan"  # schema/van-ban/ outline of the period report; without it, no period DOCX
PERIOD_PAGE = f"{PERIOD_OUTLINE}.md"  # at the site's root (province) and in each district's folder
# schema/van-ban/ outline of a plan year's comments report; its DOCX is commune_document(COMMENTS_OUTLINE, …)
COMMENTS_OUTLINE = "bao-cao-y-kien"
# A plan year's accountability page, in a folder of its own beside the year's page (index.md):
# its links are then the same to a reader and to mkdocs (../nguon/, ../index.md).
ACCOUNTABILITY_FOLDER = "thuc-hien"
ACCOUNTABILITY_PAGE = f"{ACCOUNTABILITY_FOLDER}/index.md"
MIDDLE_LEVEL = "Huyện"  # the level between province and commune, unless province.yaml says cap_trung_gian


def middle_level(province: dict) -> str:
    """The word for the level between province and commune ("Huyện", or what
    province.yaml's cap_trung_gian says: a province may have no districts)."""
    return province.get("cap_trung_gian") or MIDDLE_LEVEL


# Kinds of a commune-year's documents beside the four of schema/van-ban/ (commune_document names them):
REDLINE = "ke-hoach-so-voi-du-thao"  # the plan against the draft sent to the district, as tracked changes
COMMENTS_REPORT = "bao-cao-y-kien"  # the report on the comments and their answers (Báo cáo tổng hợp, tiếp thu, giải trình)


def commune_document(kind: str, commune: str, year) -> str:
    """'ke-hoach-duc-long-2027.docx': a commune-year's document, beside its page."""
    return f"{kind}-{commune}-{year}.docx"


def district_document(district: str, year) -> str:
    """'tong-hop-thach-an-2027.docx': a district's synthesis of a plan year, in its folder."""
    return f"tong-hop-{district}-{year}.docx"


def period_document(area: str, period_slug: str) -> str:
    """The report over a period, beside its page: 'bao-cao-giai-doan-thach-an-2025-2027.docx'
    for a district (area = its folder), 'bao-cao-giai-doan-2025-2027.docx' for the province (area "")."""
    return f"{PERIOD_OUTLINE}-{area + '-' if area else ''}{period_slug}.docx"


def commune_workbook(district: str, commune: str, year) -> str:
    """A commune-year's workbook, relative to OPEN_DATA: 'thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx'."""
    return f"{district}/{commune}/{year}/ke-hoach-{commune}-{year}.xlsx"


def district_workbook(district: str, year) -> str:
    """A district's plan-year workbook, relative to OPEN_DATA: 'thach-an/tong-hop-thach-an-2027.xlsx'."""
    return f"{district}/tong-hop-{district}-{year}.xlsx"


def is_district_workbook(path: str, district: str) -> bool:
    """Whether path (relative to the site's root) is one of district's plan-year workbooks."""
    return path.startswith(f"{OPEN_DATA}/{district}/tong-hop-") and path.endswith(".xlsx")


def workbook_year(path: str) -> str:
    """The plan year a workbook's name ends with: '…/tong-hop-thach-an-2027.xlsx' -> '2027'."""
    return path.split("-")[-1].removesuffix(".xlsx")
