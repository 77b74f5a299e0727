"""Exceptions that end a run with exit code 2 (usage, configuration, I/O)."""


class UsageError(Exception):
    """Bad invocation found after parsing (exit code 2)."""
