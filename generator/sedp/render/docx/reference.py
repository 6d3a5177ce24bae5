"""The Word styles every plan is written with, built from pandoc's own default.

Nghị định 30/2020/NĐ-CP, Phụ lục I: A4; Times New Roman, black; body 13–14 pt,
justified, first-line indent ~1 cm, at least 6 pt between paragraphs. Built by
this script (not kept as a binary in the repository) so that every change to
the house style is a reviewable diff; the same inputs give the same styles.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from docx import Document

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 11
DENSE_TABLE_PT = 10


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def _font(style, size: float, bold: bool | None = None, italic: bool | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _paragraph(style, align=None, indent_cm: float | None = None, after_pt: float = 6, before_pt: float = 0):
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    if indent_cm is not None:
        fmt.first_line_indent = Cm(indent_cm)
    fmt.space_after = Pt(after_pt)
    fmt.space_before = Pt(before_pt)


def _page_number_header(section) -> None:
    """A PAGE field centred in the header; the first page has an empty one."""
    from docx.oxml import OxmlElement

    section.different_first_page_header_footer = True
    section.header_distance = Cm(1)
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.name = FONT
    run.font.size = Pt(BODY_PT)
    for kind, instruction in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        run._r.append(element)


def _bottom_border(style) -> None:
    from docx.oxml import OxmlElement

    properties = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    properties.append(borders)


def build_reference(target: Path) -> Path:
    default = subprocess.run([pandoc_path(), "--print-default-data-file", "reference.docx"],
                             check=True, capture_output=True).stdout
    doc = Document(io.BytesIO(default))
    styles = doc.styles
    for name in ("Normal", "Body Text", "First Paragraph"):
        if name in [s.name for s in styles]:
            _font(styles[name], BODY_PT)
            _paragraph(styles[name], WD_ALIGN_PARAGRAPH.JUSTIFY, 1.0)
    _font(styles["Compact"], TABLE_PT)
    _paragraph(styles["Compact"], WD_ALIGN_PARAGRAPH.LEFT, 0, after_pt=0)
    from docx.enum.style import WD_STYLE_TYPE

    dense = styles.add_style("Bang nho", WD_STYLE_TYPE.PARAGRAPH)  # the cells of a table of many columns
    dense.base_style = styles["Compact"]
    _font(dense, DENSE_TABLE_PT)
    _paragraph(dense, WD_ALIGN_PARAGRAPH.LEFT, 0, after_pt=0)
    for level, size in ((1, 14), (2, 13), (3, 13)):
        style = styles[f"Heading {level}"]
        _font(style, size, bold=True, italic=False)
        _paragraph(style, WD_ALIGN_PARAGRAPH.LEFT, 0, after_pt=6, before_pt=6)
    for name, size, bold, italic, align in (
        ("Title", 14, True, False, WD_ALIGN_PARAGRAPH.CENTER),
        ("Subtitle", 14, True, False, WD_ALIGN_PARAGRAPH.CENTER),
    ):
        _font(styles[name], size, bold=bold, italic=italic)
        _paragraph(styles[name], align, 0)
    # Paragraph styles the writer refers to by name (custom-style).
    custom = {
        "Tieu de": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER),
        "Trich yeu": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER),
        "Giua": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER),
        "Noi nhan": (12, True, True, WD_ALIGN_PARAGRAPH.LEFT),
        "Noi nhan muc": (11, False, False, WD_ALIGN_PARAGRAPH.LEFT),
        "Chu ky": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER),
        "Du thao": (14, True, False, WD_ALIGN_PARAGRAPH.RIGHT),  # the draft stamp above the header block
        "Phu luc": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER),  # the annex heading (landscape from here)
    }
    for name, (size, bold, italic, align) in custom.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        _font(style, size, bold=bold, italic=italic)
        _paragraph(style, align, 0, after_pt=0 if name.startswith("Noi nhan") else 6)
    # The decree's short rules: under the issuing body (half its cell) and under the summary line.
    for name, indent in (("Gach ngang", 1.9), ("Gach ngang giua", 6.75)):
        rule = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        rule.base_style = styles["Normal"]
        _font(rule, 1)
        _paragraph(rule, WD_ALIGN_PARAGRAPH.CENTER, 0, after_pt=6)  # clear of the line below
        rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Cm(indent)
        _bottom_border(rule)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    # Page numbers centred in the top margin, not on page 1 (pandoc keeps the
    # reference's headers and section properties for the documents it writes).
    _page_number_header(section)
    doc.core_properties.title = "Kế hoạch phát triển kinh tế - xã hội"
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))  # python-docx's annotation admits str or a stream
    return target


if __name__ == "__main__":  # python -m sedp.render.docx.reference OUT.docx
    import sys

    print(build_reference(Path(sys.argv[1] if len(sys.argv) > 1 else "reference.docx")))
