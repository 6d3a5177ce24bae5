"""The public site as Markdown pages, tables and charts (Jinja templates in templates/)."""
