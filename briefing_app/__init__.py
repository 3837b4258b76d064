"""Briefing Viewer: read, filter and print sourced briefings offline."""

__version__ = "0.1.0"
