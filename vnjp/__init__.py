"""vnjp: Vietnam-Japan relations from a curated, cited fact pack."""

__version__ = "0.1.0"
