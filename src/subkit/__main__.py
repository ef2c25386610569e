"""``python -m subkit`` runs the command-line interface."""

from subkit.cli import main

if __name__ == "__main__":
    main()
