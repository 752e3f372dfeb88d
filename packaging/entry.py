"""Entry point of the standalone bundle: the same `planner` command."""

import sys

from planner.cli import main

if __name__ == "__main__":
    sys.exit(main())
