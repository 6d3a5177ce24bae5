"""Per-file rules: each YAML file checked against its Cerberus schema from schema/."""

from __future__ import annotations

from decimal import Decimal

import cerberus
from cerberus import errors as cerr

from sedp.core.fmt import parse_date
from sedp.core.messages import Wording, closest, show


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

    def __init__(self, handbook):
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
        """Problems of one loaded document against the rules for file_name."""
        data = doc.data
        if data is None:
            data = {}
        if not isinstance(data, dict):
            return [self.wording.problem(
                file=doc.display, line=doc.line_of(()), path=(), code="kieu-sai",
                variant="dict", nhan="Nội dung tệp")]
        validator = self.validator(file_name)
        if validator.validate(data, normalize=False):
            return []
        return [self._word(doc, file_name, error) for error in _leaves(validator._errors)]

    def _word(self, doc, file_name: str, error):
        path = tuple(error.document_path)
        rules = self.handbook.field_rules(file_name, path) or {}
        meta = rules.get("meta", {})
        label = self.handbook.label(file_name, path) or str(path[-1] if path else "")
        key = str(path[-1]) if path else ""
        common = dict(file=doc.display, path=path, nhan=label, khoa=key,
                      gia_tri=show(error.value), vi_du=show(meta.get("vi_du", "")))
        code = error.code
        if code == cerr.UNKNOWN_FIELD.code:
            return self._unknown(doc, file_name, path, common)
        line = doc.line_of(path)
        if code == cerr.REQUIRED_FIELD.code:
            return self.wording.problem(line=line, code="thieu-truong", **common)
        if code in (cerr.NOT_NULLABLE.code, cerr.EMPTY_NOT_ALLOWED.code):
            return self.wording.problem(line=line, code="de-trong", **common)
        if code == cerr.CUSTOM.code and "la_ngay" in (error.rule, *error.info):
            return self.wording.problem(line=line, code="kieu-sai", variant="ngay", **common)
        if code == cerr.BAD_TYPE.code:
            variant = error.constraint if isinstance(error.constraint, str) else "string"
            return self.wording.problem(line=line, code="kieu-sai", variant=variant, **common)
        if code == cerr.UNALLOWED_VALUE.code:
            return self._not_in_vocab(line, meta, error, common)
        if code == cerr.REGEX_MISMATCH.code:
            return self.wording.problem(line=line, code="sai-dang", **common)
        if code == cerr.MIN_VALUE.code:
            if error.constraint == 0:
                return self.wording.problem(line=line, code="am", **common)
            return self.wording.problem(line=line, code="nho-qua", rang_buoc=error.constraint, **common)
        if code == cerr.MAX_VALUE.code:
            return self.wording.problem(line=line, code="lon-qua", rang_buoc=error.constraint, **common)
        if code == cerr.MAX_LENGTH.code:
            return self.wording.problem(line=line, code="qua-dai", rang_buoc=error.constraint, **common)
        return self.wording.problem(line=line, code="sai-quy-tac", **common)

    def _unknown(self, doc, file_name, path, common):
        line = doc.key_line(path)
        key = common["khoa"]
        if key.startswith("ty_le"):
            return self.wording.problem(line=line, code="ty-le-tu-tinh", **common)
        parent = self.handbook.field_rules(file_name, path[:-1]) or {}
        known = parent.get("schema") if path[:-1] else self.handbook.rules[file_name]
        known = list(known) if isinstance(known, dict) else []
        guess = closest(key, known)
        if guess:
            hint = f"Có phải ý bạn là '{guess}'?"
        else:
            hint = "Các trường được phép ở đây: " + ", ".join(known) + "."
        return self.wording.problem(line=line, code="truong-la", goi_y=hint, **common)

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


def _leaves(errors):
    for error in errors:
        if error.is_group_error:
            yield from _leaves(error.child_errors)
        else:
            yield error
