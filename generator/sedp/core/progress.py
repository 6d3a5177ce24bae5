"""Progress of long work, told to whoever shows it (the command line draws a
bar on a terminal). The library only counts; Progress() itself shows nothing."""

from __future__ import annotations


class Progress:
    def start(self, what: str, total: int) -> None:
        """A new stretch of work: `total` units of `what` (Vietnamese, e.g. "xã")."""

    def step(self, count: int = 1) -> None:
        """count more units done."""

    def done(self) -> None:
        """The stretch is over (also when it stopped early)."""


QUIET = Progress()
