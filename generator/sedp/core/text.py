"""Vietnamese text helpers: NFC, ASCII slugs, folding for search, sorting."""

from __future__ import annotations

import re
import unicodedata

from slugify import slugify as _slugify

# Spaces that look like a space but are not one: a non-breaking space pasted
# from Word (U+00A0) makes "Nà\u00a0Lẹng" a different village from "Nà Lẹng".
# Zero-width ones (U+200B, U+2060, U+FEFF) are dropped.
_ODD = "[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
_ODD_SPACES = re.compile(_ODD)
_ODD_EDGES = re.compile(f"^{_ODD}+|{_ODD}+$")
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")


def nfc(text: str) -> str:
    """Text as sedp keeps it: NFC, with odd spaces made plain and zero-width ones dropped."""
    # The same name typed on two machines can differ byte-wise (NFC vs NFD);
    # is_normalized and isascii are fast C checks, so the common case costs almost nothing.
    if text.isascii():
        return text
    if _ZERO_WIDTH.search(text):  # before normalising: 'A', U+200B, a combining mark must compose
        text = _ZERO_WIDTH.sub("", text)
    if _ODD_SPACES.search(text):
        text = _ODD_SPACES.sub(" ", _ODD_EDGES.sub("", text))  # at either end: a difference nobody sees
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def fold(text: str) -> str:
    """Lower-case ASCII form for diacritic-insensitive comparison ("Đức" -> "duc")."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slug(text: str) -> str:
    """Folder name for a place: ASCII, lower case, hyphens ("Đức Long" -> "duc-long")."""
    return _slugify(nfc(text).replace("đ", "d").replace("Đ", "D"))


# Vietnamese alphabetical order: letters with breve/circumflex/horn and đ are
# letters of their own; tone marks only break ties.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MODS = {"\u0306", "\u0302", "\u031b"}


def _letters(word: str):
    for ch in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(ch):
            if ch in _TONES:
                yield ("tone", _TONES[ch])
            elif ch in _LETTER_MODS:
                yield ("mod", ch)
            continue
        yield ("char", ch)


def vi_sort_key(text: str) -> tuple:
    """Sort key that puts "Đức" after "Dương" and "Ân" after "An", as Vietnamese readers expect."""
    primary: list = []
    tones: list[int] = []
    for kind, value in _letters(nfc(text)):
        if kind == "char":
            primary.append(value)
            tones.append(0)
        elif kind == "mod" and primary:
            primary[-1] = unicodedata.normalize("NFC", primary[-1] + value)
        elif kind == "tone" and tones:
            tones[-1] = value
    ranks = tuple(
        (_ALPHABET.index(c) if c in _ALPHABET else 100 + ord(c)) for c in primary
    )
    return ranks, tuple(tones)


def heading_id(value: str, separator: str = "-") -> str:
    """Heading anchors for the site: 'Đánh giá' -> 'danh-gia' (mkdocs' own drops Đ)."""
    return slug(value) or "muc"
