"""Kept for province repositories: their mkdocs.yml names `sedp.textutil.heading_id`
as the heading slug function. The text helpers live in sedp.core.text."""

from sedp.core.text import heading_id

__all__ = ["heading_id"]
