"""The one base class of the problems sedp stops for (as opposed to the
problems of plans, which are collected into a Report and never raised).

Each kind has a stable code whose Vietnamese wording lives in
schema/thong-bao.yaml, like the plans' messages; the command line prints it
and exits with code 1, never with a traceback.
"""

from __future__ import annotations


class SedpError(Exception):
    """code: a key of schema/thong-bao.yaml; values: what its template names."""

    code = "loi-chung"
    values: dict = {}

    def __init__(self, detail: str = "", **values):
        super().__init__(detail)
        if values:
            self.values = values
