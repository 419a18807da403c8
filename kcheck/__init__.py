"""kcheck: split news sources into quotable atomic claims and compare them across sources."""

__version__ = "0.1.0"
