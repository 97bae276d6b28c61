"""``python -m logicnet`` runs the command line."""

from logicnet.cli.main import main

main()
