"""Stage 0, under everything: problems and errors, Vietnamese text and numbers,
plan data, the name of every output (names), atomic files, content caches,
progress, parallel work."""
