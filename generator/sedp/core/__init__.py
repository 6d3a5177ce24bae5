"""Stage 0, under everything: problems and errors (and the one way a command
shows them and refuses), Vietnamese text and numbers, plan data, the name of
every output (names), atomic files, content caches, progress, parallel work."""
