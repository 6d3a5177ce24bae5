"""Stage 5, rendering: the site (Markdown pages), the DOCX documents and the open data, each from the
model and from facts gathered before (git is never run here); their words are templates and schema/."""
