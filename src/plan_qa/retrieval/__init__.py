"""Retrieval components (lexical, dense, hybrid) over plan paragraphs."""
