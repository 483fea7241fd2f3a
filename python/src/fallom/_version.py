"""The distribution version: the build backend reads it from here, so it is the single source."""

__version__ = "0.3.0"
