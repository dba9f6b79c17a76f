"""Data files of the parser and answerer (each says where its knowledge comes from)."""
