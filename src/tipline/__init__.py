"""Tipline: a secure anonymous tip line for newsrooms."""

__version__ = "0.1.0"
