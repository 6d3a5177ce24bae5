"""Stage 4, beside the pipeline, for technicians: new communes and years, year
rollover, XLSX import (reading a workbook; the command's steps down to the
atomic write), JSON Schema for editors, example data."""
