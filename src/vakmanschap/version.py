"""The library's version, importable from every layer (the receipt of a decision names it)."""

__version__ = "0.1.0"
