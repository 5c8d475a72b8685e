"""Tokenising for full-text search that works for Korean as well as English.

Korean is agglutinative ('한도를', '한도가', '한도조회'), so whitespace words rarely
match. Runs of Hangul (and other CJK) are indexed as overlapping character bigrams,
which needs no language model; Latin words are lower-cased whole words. The same
function prepares documents and queries, and queries become FTS5 phrases, so any
user input (quotes, *, NEAR, SQL) is only ever data, never query syntax.
"""

from __future__ import annotations

import re
import unicodedata

# Hangul syllables and jamo, CJK ideographs, kana: scripts without reliable word spaces.
_CJK = "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W{_CJK}]+", re.UNICODE)
_IS_CJK = re.compile(rf"[{_CJK}]")

MAX_QUERY_CHARS = 500  # longer input is cut: nobody types more, and FTS cost grows with it


def _units(text: str) -> list[list[str]]:
    """Each word of the text as its list of index terms (bigrams for CJK runs)."""
    out: list[list[str]] = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        if _IS_CJK.match(word):
            if len(word) == 1:
                out.append([word])
            else:
                out.append([word[i : i + 2] for i in range(len(word) - 1)])
        else:
            out.append([word.lower()])
    return out


# One match per word with the separators before it: (separators, CJK run, other word).
_WORDS = re.compile(rf"([^\w{_CJK}]*)(?:([{_CJK}]+)|([^\W{_CJK}]+))").findall
_BIGRAMS: dict[str, str] = {}  # CJK run → its bigrams; words repeat, so most runs are hits
_BIGRAMS_MAX = 100_000


def _bigrams(run: str) -> str:
    if len(_BIGRAMS) >= _BIGRAMS_MAX:
        _BIGRAMS.clear()
    terms = _BIGRAMS[run] = run if len(run) == 1 else " ".join([run[i : i + 2] for i in range(len(run) - 1)])
    return terms


def index_text(text: str) -> str:
    """The document as space-separated terms, for a unicode61 FTS5 column.

    Between two Hangul words separated only by spaces a bridging bigram is added
    ('한도 조회' also yields '도조'), so the query '한도조회' finds '한도 조회' and
    the spaced query finds the compound: Korean spacing is famously inconsistent.

    One findall and a cache of each run's bigrams: 2.5x faster than a loop over match
    objects, which was 40% of generating demo data (tests/test_textsearch.py holds
    that loop as the specification).
    """
    terms: list[str] = []
    prev = ""  # the last character of the previous word when it was a CJK run
    for gap, run, word in _WORDS(text):
        if run:
            if prev and gap.isspace():
                terms.append(prev + run[0])
            terms.append(_BIGRAMS.get(run) or _bigrams(run))
            prev = run[-1]
        else:
            terms.append(word.lower())
            prev = ""
    return " ".join(terms)


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression: every word must occur (AND); None when nothing is searchable.

    A single Hangul character or the last Latin word is matched as a prefix, so
    search-as-you-type finds '환불' while '환' is typed. A whole bigram is not: CJK
    terms in the index are one or two characters, so '"환불"*' matches what '"환불"'
    does, only slower (FTS5 scans the term range: 18 ms against 5.5 ms at 1M tickets).
    """
    units = _units(text[:MAX_QUERY_CHARS])
    if not units:
        return None
    parts = []
    for i, unit in enumerate(units):
        phrase = '"' + " ".join(t.replace('"', '""') for t in unit) + '"'
        if _is_prefix(unit, i == len(units) - 1):
            phrase += "*"
        parts.append(phrase)
    return " AND ".join(parts)


def _is_prefix(unit: list[str], last: bool) -> bool:
    """Whether a query word is matched as a prefix (fts_query's rule, pg_words' too)."""
    cjk = bool(_IS_CJK.match(unit[0]))
    return len(unit) == 1 and ((cjk and len(unit[0]) == 1) or (last and not cjk))


def like_terms(text: str) -> list[str]:
    """Whitespace words for a plain substring search (backends without FTS5)."""
    return [w for w in text[:MAX_QUERY_CHARS].split() if w][:8]


# --- ranked (OR) search: knowledge articles ---------------------------------------------
# Natural-language questions carry particles and endings ('한도를 조회하려면'), so
# requiring every bigram (AND) finds nothing; ranked search takes any term and lets
# BM25 order the results. These helpers are shared by the FTS5 and the ILIKE paths.

_LATIN_SUFFIXES = ("ing", "ies", "es", "ed", "ly", "s")


def is_cjk(term: str) -> bool:
    return bool(_IS_CJK.match(term))


def search_terms(text: str, max_chars: int = MAX_QUERY_CHARS) -> list[str]:
    """The distinct index terms of a query, in order (bigrams with bridging, lower-case words)."""
    seen: dict[str, None] = {}
    for term in index_text(text[:max_chars]).split():
        seen.setdefault(term, None)
    return list(seen)


def prefix_term(text: str) -> str | None:
    """The term a search-as-you-type query is still typing: the last Latin word, or a
    lone last Hangul syllable, when nothing follows it; else None."""
    text = text[:MAX_QUERY_CHARS]
    last = None
    for last in _TOKEN.finditer(text):  # noqa: B007 - keeps the last match
        pass
    if last is None or last.end() != len(text):
        return None
    word = last.group(0)
    if is_cjk(word):
        return word if len(word) == 1 else None
    return word.lower()


def fts_phrase(term: str, prefix: bool = False) -> str:
    """One term as an FTS5 string: always quoted, so it is data, never query syntax."""
    return '"' + term.replace('"', '""') + '"' + ("*" if prefix else "")


def light_stem(word: str) -> str:
    """A crude English stem for substring matching and highlighting ('refunds' → 'refund');
    FTS5's porter tokenizer does the real stemming on SQLite."""
    w = word.lower()
    if is_cjk(w):
        return w
    for suffix in _LATIN_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]  # 'charge' / 'charged' / 'charges' meet at 'charg'
    return w


# --- PostgreSQL: the same index terms as a tsvector, the same query as a tsquery --------
# SQLite's FTS5 splits index_text's output again with its unicode61 tokenizer (underscores
# separate words, diacritics are removed: 'café' is 'cafe'); the PostgreSQL documents and
# queries are built here from the same terms, split and folded the same way, and handed
# to PostgreSQL as tsvector/tsquery literals (its own parser never sees the text, so it
# cannot split words differently). Positions make FTS5's phrases PostgreSQL's '<->'.
_NEEDS_FOLD = re.compile(rf"[^\x00-\x7f{_CJK}]|_").search  # a term unicode61 would split or fold
_PG_MAX_POS = 16383  # PostgreSQL keeps positions up to this; later words all sit at it
_PG_MAX_LEXEME_BYTES = 900_000  # a tsvector's lexemes may total 1 MB; a longer document keeps its first distinct ones
# A lexeme may have 2,046 bytes (a longer one fails the whole insert: a hex dump in a mail).
# Cut to the longest query term, it still matches every query FTS5 would match it by.
_PG_MAX_TERM = MAX_QUERY_CHARS


# unicode61 removes the accents of Latin letters only ('ωμέγα' keeps its tonos).
_LATIN_MARK = re.compile(r"([\u0000-\u024f\u1e00-\u1eff])[\u0300-\u036f]+").sub


def _fold(term: str) -> list[str]:
    """One index term as unicode61 (remove_diacritics 2) tokenises it."""
    if _IS_CJK.match(term):
        return [term]
    out = []
    for part in term.split("_"):
        if part and not part.isascii():
            part = unicodedata.normalize("NFC", _LATIN_MARK(r"\1", unicodedata.normalize("NFD", part)))
        if part:
            out.append(part)
    return out


def pg_terms(doc: str) -> list[str]:
    """The tokens FTS5 reads from an index_text document, in order."""
    terms = doc.split()
    if not _NEEDS_FOLD(doc):
        return terms
    return [part for term in terms for part in _fold(term)]


def _pg_quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


# Every term is stored under its ticket's block of 4,096 tickets ('244#환불'): a GIN index
# returns matches in no order, and the newest of a common word's 330,000 matches at 1M
# tickets are found by asking the newest blocks first, each term of a block its own
# posting list (so the index and the table read only that block's matches). No query
# term can name another block: query terms are word characters only, never '#'.
PG_BLOCK_BITS = 12


def pg_tsvector(doc: str, number: int) -> str:
    """An index_text document of ticket ``number`` as a tsvector literal ('block#term':position
    …), for CAST(… AS tsvector) or COPY. Every lexeme quoted, so no term is tsvector syntax."""
    terms = pg_terms(doc)
    if len(doc) > _PG_MAX_LEXEME_BYTES // 4:  # only a long document can come near the 1 MB limit
        seen: set[str] = set()
        size, kept = 0, []
        for term in terms:
            if term not in seen:
                size += len(term.encode()) + 16
                if size > _PG_MAX_LEXEME_BYTES:
                    continue
                seen.add(term)
            kept.append(term)
        terms = kept
    if len(doc) > _PG_MAX_TERM and max(map(len, terms)) > _PG_MAX_TERM:
        terms = [t[:_PG_MAX_TERM] for t in terms]
    block = f"{number >> PG_BLOCK_BITS}#"
    if _NEEDS_FOLD(doc) or len(terms) > _PG_MAX_POS or "'" in doc or "\\" in doc:
        return " ".join(f"{_pg_quote(block + t)}:{min(i, _PG_MAX_POS)}" for i, t in enumerate(terms, 1))
    return " ".join([f"'{block}{t}':{i}" for i, t in enumerate(terms, 1)])


def pg_words(text: str) -> list[tuple[list[str], bool]] | None:
    """fts_query's words for PostgreSQL: each word's terms as FTS5 reads them (split and
    folded as unicode61 does) and whether the last is a prefix. None when nothing is
    searchable; [] when a word has no terms left (FTS5 then matches nothing either)."""
    units = _units(text[:MAX_QUERY_CHARS])
    if not units:
        return None
    words = []
    for i, unit in enumerate(units):
        terms = [part for term in unit for part in _fold(term)]
        if not terms:
            return []
        words.append((terms, _is_prefix(unit, i == len(units) - 1)))
    return words


def pg_tsquery(words: list[tuple[list[str], bool]], blocks: list[int]) -> str:
    """The tsquery of these words in these blocks: in each block every word (a phrase of
    its terms, '<->'), the blocks ORed."""
    out = []
    for block in blocks:
        parts = []
        for terms, prefix in words:
            quoted = [_pg_quote(f"{block}#{t}") for t in terms]
            if prefix:
                quoted[-1] += ":*"
            parts.append(quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")")
        out.append(parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")")
    return " | ".join(out)
