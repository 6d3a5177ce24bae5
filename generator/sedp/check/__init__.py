"""Stage 2, checking: per-file rules, cross-file rules, and the checker of one commune."""
