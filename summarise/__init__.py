"""summarise: English key-fact bullets with exact figures from news in other languages."""

__version__ = "0.1.0"
