"""Stage 1, reading: YAML loading, the plans/ layout, the handbook (schema/), plans at a git revision, provenance."""
