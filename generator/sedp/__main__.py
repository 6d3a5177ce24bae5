from sedp.cli import main

main()
