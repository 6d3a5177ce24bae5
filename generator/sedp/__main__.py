"""`python -m sedp`: the command line."""

from sedp.cli import main

main()
