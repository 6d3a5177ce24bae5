"""Stage 6, publishing: the one pipeline (discover, check, render every commune, roll up), its cache, and the site build."""
