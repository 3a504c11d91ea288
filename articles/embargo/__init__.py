"""Embargoes: releases held back until a moment or an event, and personal
links that open them early to named journalists."""
