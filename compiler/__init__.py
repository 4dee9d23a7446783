"""The mb driver: frontends, pass manager, config, diagnostics and the CLI."""

__version__ = "0.1.0"
