"""`python -m tipline` runs the CLI."""

from tipline.cli import main

main()
