"""Press kits: what a journalist downloads for a film or a release, per language."""
