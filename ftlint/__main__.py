from ftlint.cli import entry

entry()
