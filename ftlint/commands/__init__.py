"""Subcommands beside `check`, one module each; registered at the bottom of `ftlint.cli`.

What they share with `ftlint.cli` lives in `ftlint.commands.common`: no command imports the CLI.
"""
