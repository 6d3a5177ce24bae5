"""Stage 5, rendering: the site (Markdown pages), the DOCX documents and the open data, each from the model."""
