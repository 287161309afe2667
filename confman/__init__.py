"""confman — conference manager for Vietnamese government review conferences."""

__version__ = "0.1.0"
