"""Stage 0, under everything: problems and errors, Vietnamese text and numbers, files, caches, git, parallel work."""
