"""DOCX documents in the official format, as pandoc AST, and the pandoc run that writes them."""
