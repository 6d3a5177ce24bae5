"""Per-file rules: each YAML file checked against its Cerberus schema from schema/."""

from __future__ import annotations

import re
from decimal import Decimal

import cerberus
from cerberus import errors as cerr

from sedp.core import fmt
from sedp.core.data import value_at
from sedp.core.fmt import parse_date, thousands_reading, yaml_number
from sedp.core.messages import Wording, closest, show
from sedp.source.handbook import Handbook
from sedp.source.readings import plain_scalar, shown


class PlanValidator(cerberus.Validator):
    """Cerberus with the handbook's types: whole numbers, exact amounts, dates."""

    types_mapping = dict(cerberus.Validator.types_mapping)
    types_mapping["so_nguyen"] = cerberus.TypeDefinition("so_nguyen", (int,), (bool,))
    types_mapping["so"] = cerberus.TypeDefinition("so", (int, Decimal), (bool,))
    types_mapping["ngay"] = cerberus.TypeDefinition("ngay", (str,), ())

    def _validate_la_ngay(self, constraint, field, value):
        """A real calendar date; added by the handbook to every field of type ngay.

        The rule's arguments are validated against this schema:
        {'type': 'boolean'}
        """
        if constraint and isinstance(value, str) and parse_date(value) is None:
            self._error(field, "la_ngay")


class FileChecker:
    """Holds one reusable Cerberus validator per kind of file (building one is costly)."""

    def __init__(self, handbook: Handbook):
        self.handbook = handbook
        self.wording = Wording(handbook)
        self._validators: dict[str, PlanValidator] = {}

    def validator(self, file_name: str) -> PlanValidator:
        validator = self._validators.get(file_name)
        if validator is None:
            validator = PlanValidator(self.handbook.rules[file_name])
            self._validators[file_name] = validator
        return validator

    def check(self, doc, file_name: str) -> list:
        """Problems of one loaded document against the rules for file_name:
        one message per value, the likeliest cause first."""
        data = doc.data
        if data is None:
            data = {}
        if not isinstance(data, dict):
            return [self.wording.problem(
                file=doc.display, line=doc.line_of(()), path=(), code="kieu-sai",
                variant="dict", nhan="Nội dung tệp")]
        validator = self.validator(file_name)
        errors = [] if validator.validate(data, normalize=False) else list(_leaves(validator._errors))
        unknown = {tuple(e.document_path) for e in errors if e.code == cerr.UNKNOWN_FIELD.code}
        problems, said = [], set()
        for unclear in doc.unclear:
            problem = None if unclear.path in unknown else self._unclear(doc, file_name, unclear)
            if problem is not None:
                problems.append(problem)
                said.add(unclear.path)  # its type error would repeat the same value's trouble
        for error in errors:
            path = tuple(error.document_path)
            if path not in said:
                problems.append(self._word(doc, file_name, error))
                if error.code != cerr.UNKNOWN_FIELD.code:
                    doc.failed.add(path)
        doc.failed.update(said)
        empty = self._empty_items(doc, file_name, data, ())
        doc.failed.update(p for p, _ in empty)
        return problems + [problem for _, problem in empty]

    def _unclear(self, doc, file_name: str, unclear):
        """An unquoted value that readers could take otherwise: worded by what the field holds."""
        rules = self.handbook.field_rules(file_name, unclear.path)
        if rules is None:
            return None
        kind = rules.get("type")
        common = dict(file=doc.display, line=unclear.line, path=unclear.path, gia_tri=unclear.text,
                      nhan=self.handbook.label(file_name, unclear.path) or str(unclear.path[-1]),
                      khoa=_key(unclear.path))
        if unclear.kind == "hang-nghin" and kind in ("so", "so_nguyen"):
            meant = thousands_reading(unclear.text)
            fraction = Decimal(unclear.text)
            return self.wording.problem(code="so-mo-ho", variant=kind, rang_buoc=meant,
                                        goi_y=fmt.number(fraction), vi_du=yaml_number(fraction), **common)
        if unclear.kind == "chu-thich":
            if kind != "string" or rules.get("meta", {}).get("danh_muc") or rules.get("allowed"):
                return None  # a comment after a code or a figure cuts nothing anyone meant
            return self.wording.problem(code="cat-chu-thich", rang_buoc=unclear.readings[0], **common)
        if kind not in ("string", "ngay", None):
            return None  # text where a figure, a list or a group belongs: the type error says it
        if rules.get("allowed") and unclear.text not in rules["allowed"]:
            return None  # not a value of the list, quoted or not: the vocabulary's error says which are
        if rules.get("regex") and not re.fullmatch(rules["regex"], unclear.text):
            vi_du = show(rules.get("meta", {}).get("vi_du", ""))
            return self.wording.problem(code="kieu-sai", variant="string_dang", vi_du=vi_du, **common)
        if unclear.kind == "hang-nghin":
            readings = f"mọi phần mềm khác đọc là {shown(float(unclear.text))}"
        else:
            readings = "; ".join(f"{tool} đọc là {reading}" for tool, reading in unclear.readings)
        if kind == "ngay" and parse_date(unclear.text):  # 2026-07-07: the handbook's own way needs no quotes
            return self.wording.problem(code="can-ngoac-kep", variant="ngay", rang_buoc=readings,
                                        vi_du=fmt.day(unclear.text), **common)
        return self.wording.problem(code="can-ngoac-kep", variant="chung", rang_buoc=readings, **common)

    def _empty_items(self, doc, file_name: str, data, path) -> list:
        """A lone '-' in a list: an item with nothing in it, which Cerberus lets through."""
        found = []
        if isinstance(data, dict):
            for key, value in data.items():
                if isinstance(value, (dict, list)):
                    found += self._empty_items(doc, file_name, value, (*path, key))
        elif isinstance(data, list):
            for index, item in enumerate(data):
                here = (*path, index)
                if item is None and self.handbook.field_rules(file_name, here) is not None:
                    found.append((here, self.wording.problem(
                        file=doc.display, line=doc.line_of(here), path=here, code="de-trong", variant="muc",
                        nhan=self.handbook.label(file_name, path) or str(path[-1]), khoa=_key(path),
                        rang_buoc=index + 1)))
                elif isinstance(item, (dict, list)):
                    found += self._empty_items(doc, file_name, item, here)
        return found

    def _word(self, doc, file_name: str, error):
        path = tuple(error.document_path)
        rules = self.handbook.field_rules(file_name, path) or {}
        meta = rules.get("meta", {})
        label = self.handbook.label(file_name, path) or str(path[-1] if path else "")
        common = dict(file=doc.display, path=path, nhan=label, khoa=_key(path),
                      gia_tri=show(error.value), vi_du=show(meta.get("vi_du", "")))
        code = error.code
        if code == cerr.UNKNOWN_FIELD.code:
            return self._unknown(doc, file_name, path, common)
        line = doc.line_of(path)
        if code == cerr.REQUIRED_FIELD.code:
            return self.wording.problem(line=line, code="thieu-truong", **common)
        if code in (cerr.NOT_NULLABLE.code, cerr.EMPTY_NOT_ALLOWED.code):
            variant = "nhom" if isinstance(error.value, dict) else "chung"
            return self.wording.problem(line=line, code="de-trong", variant=variant, **common)
        if code == cerr.CUSTOM.code and "la_ngay" in (error.rule, *error.info) or \
                code == cerr.BAD_TYPE.code and error.constraint == "ngay":
            trouble = fmt.date_trouble(error.value)
            if trouble:
                return self.wording.problem(line=line, code="kieu-sai", variant="ngay_khong_co",
                                            rang_buoc=trouble, **common)
            guess = fmt.likely_date(error.value)
            return self.wording.problem(line=line, code="kieu-sai", variant="ngay_goi_y" if guess else "ngay",
                                        rang_buoc=guess or "", **common)
        if code == cerr.BAD_TYPE.code:
            return self._wrong_type(line, rules, error, common)
        if code == cerr.UNALLOWED_VALUE.code:
            return self._not_in_vocab(line, meta, error, common)
        if code == cerr.REGEX_MISMATCH.code:
            guess = _month_meant(error.value, rules["regex"]) if isinstance(error.value, str) else None
            if guess:
                return self.wording.problem(line=line, code="sai-dang", variant="de_xuat", rang_buoc=guess, **common)
            return self.wording.problem(line=line, code="sai-dang", variant="chung", **common)
        if code == cerr.MIN_VALUE.code:
            if error.constraint == 0:
                return self.wording.problem(line=line, code="am", **common)
            return self.wording.problem(line=line, code="nho-qua", rang_buoc=error.constraint, **common)
        if code == cerr.MAX_VALUE.code:
            if meta.get("don_vi") == "trieu_dong" and isinstance(error.value, (int, Decimal)):
                in_millions = yaml_number(Decimal(error.value) / 1_000_000)  # typed in đồng, most likely
                return self.wording.problem(line=line, code="lon-qua", variant="tien", rang_buoc=error.constraint,
                                            **{**common, "vi_du": in_millions})
            return self.wording.problem(line=line, code="lon-qua", variant="chung", rang_buoc=error.constraint,
                                        **common)
        if code == cerr.MAX_LENGTH.code:
            return self.wording.problem(line=line, code="qua-dai", rang_buoc=error.constraint, **common)
        return self.wording.problem(line=line, code="sai-quy-tac", **common)

    def _wrong_type(self, line, rules, error, common):
        """A value of the wrong kind, with the fix its shape suggests."""
        wanted = error.constraint if isinstance(error.constraint, str) else "string"
        value = error.value
        if wanted in ("so", "so_nguyen") and isinstance(value, str):
            read = plain_scalar(value)
            fits = int if wanted == "so_nguyen" else (int, Decimal)
            if isinstance(read, fits) and not isinstance(read, bool) and thousands_reading(value) is None:
                # "300": a figure typed in quotes, which without them reads as that very figure
                return self.wording.problem(line=line, code="kieu-sai", variant="so_ngoac_kep", **common)
            money = rules.get("meta", {}).get("don_vi") == "trieu_dong"
            meant = figure_meant(value, money)
            if meant is not None and money and "max" in rules and Decimal(meant) > rules["max"] \
                    and not _UNIT.search(value):
                # 1.500.000 in a triệu đồng field: one and a half million triệu is no commune's figure
                return self.wording.problem(line=line, code="kieu-sai", variant="so_goi_y_dong",
                                            rang_buoc=yaml_number(Decimal(meant) / 1_000_000), **common)
            if meant is not None and _fits(Decimal(meant), wanted, rules):
                return self.wording.problem(line=line, code="kieu-sai", variant="so_goi_y",
                                            rang_buoc=meant, **common)
        if wanted in ("string", "ngay") and isinstance(value, (list, dict)):
            return self.wording.problem(line=line, code="kieu-sai", variant="string_danh_sach", **common)
        if wanted == "dict" and isinstance(value, str) and _NO_SPACE.match(value):
            key, _, rest = value.partition(":")
            return self.wording.problem(line=line, code="kieu-sai", variant="dict_dau_cach",
                                        rang_buoc=f"{key}: {rest}", **common)
        if wanted == "string" and not isinstance(value, (dict, list)) and rules.get("regex") \
                and rules.get("meta", {}).get("vi_du") and not re.fullmatch(rules["regex"], show(value)):
            padded = _zero_padded(show(value), rules["regex"])
            if padded:  # ma: 1966 for the code 01966, its leading zero lost
                return self.wording.problem(line=line, code="kieu-sai", variant="string_so_0",
                                            rang_buoc=padded, **{**common, "gia_tri": show(value)})
            return self.wording.problem(line=line, code="kieu-sai", variant="string_dang", **common)
        return self.wording.problem(line=line, code="kieu-sai", variant=wanted, **common)

    def _unknown(self, doc, file_name, path, common):
        line = doc.key_line(path)
        key = common["khoa"]
        if key.startswith("ty_le"):
            return self.wording.problem(line=line, code="ty-le-tu-tinh", **common)
        parent = self.handbook.field_rules(file_name, path[:-1]) or {}
        known = parent.get("schema") if path[:-1] else self.handbook.rules[file_name]
        known = list(known) if isinstance(known, dict) else []
        group = _group_holding(parent.get("schema") if path[:-1] else self.handbook.rules[file_name], key)
        if group is not None:  # a key of a group written at the group's own indentation
            doc.failed.add((*path[:-1], group))  # the group's total would only repeat the slip
            item = value_at(doc.data, path[:-1])
            variant = "sai_nhom" if isinstance(item, dict) and group in item else "thieu_nhom"
            return self.wording.problem(line=line, code="truong-la", variant=variant, rang_buoc=group,
                                        **{**common, "vi_du": self.handbook.label(file_name, (*path[:-1], group))})
        guess = closest(key, known)
        if guess:
            return self.wording.problem(line=line, code="truong-la", variant="goi_y_ten", rang_buoc=guess, **common)
        return self.wording.problem(line=line, code="truong-la", variant="chung", rang_buoc=", ".join(known),
                                    **common)

    def _not_in_vocab(self, line, meta, error, common):
        vocab_name = meta.get("danh_muc")
        if not vocab_name:
            allowed = ", ".join(map(str, error.constraint))
            return self.wording.problem(line=line, code="ngoai-danh-muc", rang_buoc=f"({allowed})",
                                        goi_y=f"Chọn một trong: {allowed}.", **common)
        vocab = self.handbook.vocab(vocab_name)
        labels = {code: e.get("nhan", code) for code, e in vocab.entries.items()}
        guess = closest(error.value, labels, labels)
        if guess:
            hint = f"Có phải ý bạn là '{guess}' ({labels[guess]})? Ghi mã, không ghi tên."
        else:
            hint = ("Chọn một mã trong schema/danh-muc/" + vocab_name + ".yaml: "
                    + ", ".join(labels) + ".")
        return self.wording.problem(line=line, code="ngoai-danh-muc",
                                    rang_buoc=f"'{vocab.title}'", goi_y=hint, **common)


def _month_meant(text: str, regex: str) -> str | None:
    """'05/2027' for '5/2027', '05-2027' or '01/05/2027' in a month field (mm/yyyy)."""
    month = fmt.likely_month(text)
    return month if month and re.fullmatch(regex, month) and month != text else None


def _group_holding(fields, key: str) -> str | None:
    """The sibling group (a dict field) among fields whose own fields include key."""
    for name, rules in (fields or {}).items():
        if rules.get("type") == "dict" and key in (rules.get("schema") or {}):
            return name
    return None


def _key(path) -> str:
    """The key a person types for this path: the last name, not a list position."""
    names = [p for p in path if not isinstance(p, int)]
    return str(names[-1]) if names else ""


# 'tong_so:45': a key and its value with no space between, read as one text.
_NO_SPACE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*:[^\s/]")
_GROUPED = re.compile(r"[-+]?[0-9]{1,3}(?:[ .][0-9]{3})+(?:,[0-9]+)?\Z")
_LEADING_ZEROS = re.compile(r"0[0-9]+\Z")
_EXPONENT = re.compile(r"[0-9]+(?:\.[0-9]+)?[eE][-+]?[0-9]{1,2}\Z")
# '1,5' is one and a half; '1,500' may be 1.5 or (as in English) 1500: no suggestion for that one
_COMMA_DECIMAL = re.compile(r"[-+]?[0-9]+,(?![0-9]{3}\Z)[0-9]+\Z")


def _zero_padded(text: str, regex: str) -> str | None:
    """'01966' for 1966 when the code's pattern wants leading zeros."""
    if not text.isdigit():
        return None
    return next((text.zfill(n) for n in range(len(text) + 1, 9) if re.fullmatch(regex, text.zfill(n))), None)


def _fits(figure: Decimal, wanted: str, rules: dict) -> bool:
    """A suggested figure the field would take: whole where it must be, within min and max."""
    if wanted == "so_nguyen" and figure != figure.to_integral_value():
        return False
    return rules.get("min", figure) <= figure <= rules.get("max", figure)


def figure_meant(text: str, money: bool = False) -> str | None:
    """The figure a number written the Vietnamese way means, typed as YAML wants it:
    '1.500.000' -> '1500000', '1,5' -> '1.5', '1.234,5' -> '1234.5', '02116' -> '2116',
    '1e2' -> '100'; with a unit in a triệu đồng field, '500 triệu' -> '500',
    '1,5 tỷ' -> '1500', '900.000 đồng' -> '0.9'. None otherwise."""
    text = text.strip()
    unit = _UNIT.search(text) if money else None
    if unit:
        figure = figure_meant(text[:unit.start()]) or (text[:unit.start()].strip()
                                                        if _PLAIN_FIGURE.match(text[:unit.start()].strip()) else None)
        if figure is None:
            return None
        return yaml_number(Decimal(figure) * _UNITS[unit[1].lower()])
    if _LEADING_ZEROS.match(text):  # 02116: YAML 1.2 reads 2116, YAML 1.1 the octal 1102
        return text.lstrip("+-").lstrip("0") or "0"
    if _EXPONENT.match(text):  # 1e2: VS Code reads 100
        return yaml_number(Decimal(text))
    if _GROUPED.match(text):
        whole, _, fraction = text.partition(",")
        return whole.replace(".", "").replace(" ", "") + ("." + fraction if fraction else "")
    if _COMMA_DECIMAL.match(text):
        return text.replace(",", ".")
    return None


# A unit typed after a figure in a triệu đồng field, and what it multiplies by.
_UNITS = {"triệu": Decimal(1), "tr": Decimal(1), "tỷ": Decimal(1000), "tỉ": Decimal(1000),
          "đồng": Decimal("0.000001"), "đ": Decimal("0.000001"), "vnđ": Decimal("0.000001")}
_UNIT = re.compile(r"\s*(triệu|tr|tỷ|tỉ|đồng|đ|vnđ)(?:\s*đồng)?\.?\Z", re.IGNORECASE)
_PLAIN_FIGURE = re.compile(r"[0-9]+(?:\.[0-9]+)?\Z")


def _leaves(errors):
    for error in errors:
        if error.is_group_error:
            yield from _leaves(error.child_errors)
        else:
            yield error
