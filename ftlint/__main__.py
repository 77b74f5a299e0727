"""`python -m ftlint` and the `ftlint` console script: start loading the run's vocabulary, then the CLI."""
import sys


def entry() -> None:  # pragma: no cover - exercised through subprocesses
    from ftlint.preload import start

    start(sys.argv[1:])  # before the imports of ftlint.cli, which take as long as the vocabulary
    from ftlint.cli import main

    sys.exit(main())


if __name__ == "__main__":
    entry()
