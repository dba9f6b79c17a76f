"""Text utilities for Vietnamese: normalisation, diacritics folding, word segmentation."""
