"""Open data: CSV per Biểu and roll-up, the Frictionless data package, XLSX workbooks."""
