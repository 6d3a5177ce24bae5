"""The one base class of the reasons sedp stops.

Problems in plans are collected into a Report, never raised. A SedpError is
something else: no project here, a broken handbook, git or pandoc failing, a
workbook that is not a workbook. It carries its Vietnamese message (and any
detail lines to print above it); the command line prints them and exits with
code 1, never with a traceback. These are worded here, not in
schema/thong-bao.yaml, because some happen before the handbook can be read.
"""

from __future__ import annotations


class SedpError(Exception):
    """message: one Vietnamese sentence with the fix; details: lines printed before it."""

    code = "loi"  # stable, for --json and tests

    def __init__(self, message: str, details: list[str] | tuple = ()):
        super().__init__(message)
        self.message = message
        self.details = list(details)

    def __reduce__(self):  # raised in a worker process, re-raised in the parent
        return _rebuild, (type(self), self.message, self.details, self.__dict__)


def _rebuild(kind, message, details, state):
    error = SedpError.__new__(kind)
    SedpError.__init__(error, message, details)
    error.__dict__.update(state)
    return error
