"""Stage 4, beside the pipeline, for technicians: new communes and years, year
rollover, XLSX import, JSON Schema for editors, example data."""
