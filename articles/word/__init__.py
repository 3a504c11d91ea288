"""Word documents (.docx): read safely, as plain text, for imports and round trips."""
