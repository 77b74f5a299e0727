"""ftlint's built-in checks, one module each, registered in the `ftlint.checks` entry-point group."""
