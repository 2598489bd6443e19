"""vbhc: Vietnamese administrative documents (NĐ30/2020) rendered from data."""

__version__ = "0.1.0"
