"""Stage 0, under everything: problems and errors, Vietnamese text and numbers,
plan data, atomic files, content caches, progress, parallel work."""
