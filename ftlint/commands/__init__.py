"""Subcommands beside `check`, one module each; registered at the bottom of `ftlint.cli`."""
