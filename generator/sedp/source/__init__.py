"""Stage 1, reading: YAML loading, the plans/ layout (its one path reader, repository.plan_path), the handbook (schema/), plans at a git revision, provenance."""
