"""Intents over Korean and English agent text: what a reply says, not how it is spaced.

Three small rules, readable on purpose (the scorecard must be explainable to a trainee):

1. Normalisation. NFKC (full-width letters and digits become plain), case folded, runs of
   whitespace become one space. Korean patterns are matched on the *compact* form, with every
   space removed ("카드비밀번호", "카드 비밀 번호" and "카드 비밀번호" are one phrase) and commas
   between digits dropped ("5,000,000" = "5000000"). English patterns keep the spaces and match
   at word starts.
2. Clauses. A text is cut into clauses at sentence ends (. ! ? newline ;), commas, the Korean
   endings that close a sentence (…니다, …세요, …어요, …죠 followed by a space) and the
   connectives that join two (…지만, …니까, …으니, …는데, …므로, and …면 unless it is …면 안
   돼요; but, so, because).
3. Negation. In a clause, a negative marker (않, 안 + verb, 절대, 못, 말아/마세요, 금지, 없;
   never, not, n't, no one …) governs that clause's request verb: "비밀번호는 절대 여쭙지
   않습니다" is not asking for a password. Request intents (asking for something, promising to
   transfer or end) need an object and, in the same unnegated clause, a request verb ("말씀해
   주세요", "알려주세요", "불러 주시겠어요", "입력해 주세요"; tell me, what is your …); a clause
   that is the object alone ("주민번호 뒤 7자리?", "카드 뒷면 세자리") asks too.

The intent names are API (scenarios name them): see INTENTS.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

INTENTS = ("greeting", "identity_check", "closing", "apology", "empathy", "escalation", "transfer_phone", "warning",
           "end_contact", "ask_card_password", "ask_cvc", "ask_rrn_back")

_WS = re.compile(r"\s+")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d{3})")


def normalise(text: str) -> str:
    """NFKC, case folded, whitespace collapsed to single spaces, stripped."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return _WS.sub(" ", text).strip()


def compact(text: str) -> str:
    """normalise() without any spaces and without commas between digits: what Korean patterns
    and scenario keywords are matched against."""
    return _DIGIT_COMMA.sub("", normalise(text)).replace(" ", "")


# --- clauses and negation ------------------------------------------------------------------------

_SENTENCE_ENDS = ("니다", "세요", "어요", "아요", "해요", "에요", "예요", "까요", "네요", "군요", "죠", "습니까")
_CONNECTIVES = ("지만", "니까", "으니", "는데", "므로")
_CONDITIONALS = ("시면", "하면", "으면", "다면", "라면", "되면", "이면", "려면", "않으면")


def _after_any(endings: tuple[str, ...]) -> str:
    return "(?:" + "|".join(f"(?<={e})" for e in endings) + ")"


_SENTENCE_BREAK = re.compile(r"[.!?。！？;\n]+")
_CLAUSE_BREAK = re.compile(
    r"[,，]+"                                               # commas
    + "|" + _after_any(_SENTENCE_ENDS) + r"\s"             # a Korean sentence ending, then a space
    + "|" + _after_any(_CONNECTIVES) + r"\s"               # connectives that join two clauses
    + "|" + _after_any(_CONDITIONALS) + r"(?!\s?안(?:\s|돼|되|됩))\s?"  # a condition (spaced or not), unless "…면 안 됩니다"
    + r"|\s(?:but|so|because|however|although|though)\s")


@dataclass(frozen=True)
class _Piece:
    """A clause, normalised, with what the rules ask of it computed once."""

    clause: str
    tight: str
    sentence: str
    sentence_tight: str
    question: bool  # the sentence ends in a question mark
    negative: bool  # the clause has a negative marker


def _pieces(text: str) -> list[_Piece]:
    norm = normalise(text)
    out: list[_Piece] = []
    pos = 0
    for match in [*_SENTENCE_BREAK.finditer(norm), None]:
        stop = match.start() if match else len(norm)
        sentence = norm[pos:stop].strip()
        question = bool(match and "?" in match.group(0))
        pos = match.end() if match else stop
        if not sentence:
            continue
        sentence_tight = compact(sentence)
        for piece in _CLAUSE_BREAK.split(sentence):
            clause = piece.strip() if piece else ""
            if clause:
                out.append(_Piece(clause, compact(clause), sentence, sentence_tight, question, negated(clause)))
    return out


def clauses(text: str) -> list[str]:
    """The normalised text cut into clauses (see the module docstring); empty ones dropped."""
    return [p.clause for p in _pieces(text)]


# Korean markers on the compact clause; "안" only as the adverb (a space or 돼/되 after it),
# so 안녕하세요 and 안내 are not negations; 잘못 (a mistake) is not 못.
_NEG_KO = re.compile(r"않|절대|(?<!잘)못|면안되|면안돼|면안됩|말아|마세요|마십시오|마시고|금지|없습니다|없어요|없으니|없음|필요없")
_NEG_KO_ADVERB = re.compile(r"(?:^|\s)안(?:\s|돼|되|됩)")
_NEG_EN = re.compile(r"\b(?:never|not|no|don't|dont|do not|won't|will not|cannot|can't|shouldn't|nobody|no one)\b|n't\b")


def negated(clause: str) -> bool:
    """Does this clause carry a negative marker?"""
    spaced = normalise(clause)
    return bool(_NEG_KO.search(spaced.replace(" ", "")) or _NEG_KO_ADVERB.search(spaced) or _NEG_EN.search(spaced))


# --- intents ---------------------------------------------------------------------------------------

_REQUEST_KO = (r"말씀|알려|불러|말해|얘기해|이야기해|입력|보내주|보내줘|적어|써주|여쭙|여쭤|어떻게되|뭐예요|무엇인가"
               r"|확인해주|확인부탁|부탁드|주시겠|주실래|주실수")
_REQUEST_EN = (r"\b(?:tell|give|provide|share|read|type|enter|send|confirm|verify|say)\b|what is your|what's your|whats your"
               r"|\bmay i have|\bcan i have|\bcould i have|\bi need your|\bi'll need your|\blet me know")


@dataclass(frozen=True)
class _Intent:
    """``ko``/``en``: phrases that say it alone; ``objects``: what is asked for, which needs a
    request verb in the same clause (or stands alone); ``unless``: what makes it another thing
    (a new password to set is not the card's password); ``negatable``: a negated clause does
    not count."""

    ko: str = ""
    en: str = ""
    objects_ko: str = ""
    objects_en: str = ""
    unless_ko: str = ""
    unless_en: str = ""
    unless_in_sentence: bool = False  # ``unless`` looks at the whole sentence, not the clause
    negatable: bool = False


_INTENTS: dict[str, _Intent] = {
    "greeting": _Intent(
        ko=r"안녕하|반갑습니다|반가워요|상담원\S{0,10}입니다",
        en=r"\bhello\b|\bhi\b|\bgood (?:morning|afternoon|evening)\b|\bwelcome\b|thanks? (?:you )?for reaching"),
    "identity_check": _Intent(
        objects_ko=r"본인확인|신원확인|본인인증|생년월일|생일|성함|주민등록번호앞|주민번호앞|가입하신휴대폰|등록된휴대폰|등록된전화",
        objects_en=r"date of birth|birth date|\bdob\b|full name|your name|registered (?:phone|mobile|email)"
                   r"|your identity|security question",
        negatable=True),
    "closing": _Intent(
        # "Thank you for contacting us" closes a contact (it is no greeting); a bare 감사합니다 does not.
        ko=r"좋은하루|좋은시간|행복한하루|즐거운하루|편안한하루|좋은저녁|더궁금하신|다른문의|추가로궁금|추가문의|이용해주셔서|안녕히"
           r"|(?:문의|연락)(?:해)?주셔서감사",
        en=r"\bhave a (?:nice|good|great|lovely) (?:day|evening|weekend)\b|anything else|\btake care\b|\bgoodbye\b|\bbye\b"
           r"|thank you for (?:choosing|being|your patience|calling)|\bthanks? (?:you )?for contacting"),
    "apology": _Intent(
        ko=r"죄송|송구|불편을드려|심려를끼쳐|사과드|미안",
        en=r"\bsorry\b|\bapologi[sz]e|\bapologies\b|\bi regret\b"),
    "empathy": _Intent(
        ko=r"속상하|답답하셨|불편하셨|걱정되셨|걱정이많|당황하셨|놀라셨|이해합니다|이해가됩니다|충분히이해|힘드셨",
        en=r"\bi understand\b|\bunderstandabl|frustrat|\bi can imagine\b|\bi hear you\b|\bthat must\b"
           r"|\bmust be (?:hard|worrying|stressful)"),
    "escalation": _Intent(
        ko=r"상급자|책임자|담당부서|전문부서|전담팀|전문팀|기술팀|기술지원팀|이관|에스컬",
        en=r"\bescalat|\bsupervisor\b|\bmanager\b|specialist team|technical team|tech team|second[- ]line",
        negatable=True),
    "transfer_phone": _Intent(
        ko=r"전화로연결|전화로상담|전화상담|전화드리|전화를드리|전화드릴|연락드리겠|유선으로|유선상담|통화로|콜백",
        en=r"\bcall you\b|\bphone call\b|\bgive you a call\b|\bcall you back\b|\bcall-?back\b|\bby phone\b|\bover the phone\b",
        negatable=True),
    "warning": _Intent(
        ko=r"욕설|폭언|모욕|성희롱|인격|법적조치|법적인조치|녹음되고|(?:상담|통화|대화)\S{0,3}종료\S{0,6}(?:수밖에|될수|할수|하게)|계속되면|계속하시면|삼가",
        en=r"\babusive\b|\babuse\b|offensive language|inappropriate language|\blegal action\b|\bif (?:this|you) continue"),
    "end_contact": _Intent(
        ko=r"(?:상담|통화|대화|채팅)\S{0,3}(?:종료하겠|종료합니다|마치겠|끊겠)|종료하겠습니다|끊도록하겠|마무리하겠",
        en=r"\bi(?:'m| am| will|'ll) (?:now )?(?:end|ending|close|closing|disconnect)|\bending (?:this|the) (?:call|chat|conversation)",
        unless_ko=r"되면|하시면|시면|경우",
        unless_en=r"\bif\b|\bunless\b",
        unless_in_sentence=True,
        negatable=True),
    "ask_card_password": _Intent(
        objects_ko=r"비밀번호|비번|핀번호|pin번호",
        objects_en=r"\bpin\b|\bpin (?:number|code)\b|card password|\bpasscode\b",
        unless_ko=r"새비밀번호|새로운비밀번호|재설정|변경|바꾸|설정하|ars|키패드|자동응답|잘못입력|잘못누르",
        unless_en=r"\bnew (?:pin|password)\b|\breset\b|\bchange\b|\bkeypad\b",
        negatable=True),
    "ask_cvc": _Intent(
        objects_ko=r"cvc|cvv|보안코드|뒷면\S{0,6}(?:세|3)자리|뒷면서명란",
        objects_en=r"\bcvc\b|\bcvv\b|security code|(?:three|3) digits on the back|card verification",
        negatable=True),
    "ask_rrn_back": _Intent(
        objects_ko=r"(?:주민등록번호|주민번호)\S{0,4}(?:뒷|뒤|전체|13자리|열세자리)",
        objects_en=r"^(?=.*(?:resident (?:registration )?number|\brrn\b))(?=.*\b(?:back|last|full|whole|all 13)\b)"
                   r"|\b(?:back|last) (?:7|seven) digits",
        negatable=True),
}

assert tuple(_INTENTS) == INTENTS

_ENDS_LIKE_A_SENTENCE = re.compile(r"(?:다|요|죠|까|네|군|세|오)$")


@lru_cache(maxsize=256)
def _rx(pattern: str) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


def _search(pattern: str, text: str) -> bool:
    rx = _rx(pattern)
    return bool(rx and rx.search(text))


def _piece_has(intent: _Intent, piece: _Piece) -> bool:
    spaced, tight = piece.clause, piece.tight
    if intent.unless_in_sentence:
        context, context_tight = piece.sentence, piece.sentence_tight
    else:
        context, context_tight = spaced, tight
    if _search(intent.unless_ko, context_tight) or _search(intent.unless_en, context):
        return False
    if intent.negatable and piece.negative:
        return False
    if _search(intent.ko, tight) or _search(intent.en, spaced):
        return True
    if not (_search(intent.objects_ko, tight) or _search(intent.objects_en, spaced)):
        return False
    if tight.endswith("면"):  # a condition ("잘못 입력하셨다면"): the request, if any, is in the next clause
        return False
    if _search(_REQUEST_KO, tight) or _search(_REQUEST_EN, spaced) or piece.question:
        return True
    # The object alone ("카드 뒷면 세자리", "주민번호 뒤 7자리"): a fragment asks; a sentence
    # that ends like a statement ("카드 비밀번호는 고객님만 아십니다") does not.
    return not _ENDS_LIKE_A_SENTENCE.search(tight) and len(spaced.split()) <= 6


class Said:
    """A text prepared once (normalised, compact, cut into clauses): the engine checks one
    reply against every intent and many keyword lists. Every function here takes one or a str."""

    __slots__ = ("text", "spaced", "tight", "_pieces")

    def __init__(self, text: str):
        self.text = text
        self.spaced = normalise(text)
        self.tight = compact(text)
        self._pieces: list[_Piece] | None = None

    @property
    def pieces(self) -> list[_Piece]:
        """The clauses, cut when first needed (most texts are ruled out by _may_say alone)."""
        if self._pieces is None:
            self._pieces = _pieces(self.text)
        return self._pieces


def _said(text: str | Said) -> Said:
    return text if isinstance(text, Said) else Said(text)


def _may_say(intent: _Intent, said: Said) -> bool:
    """A quick necessary condition on the whole text: what a clause matches, the text matches
    too (its patterns have no anchors), so most intents are ruled out in one search each."""
    return (_search(intent.ko, said.tight) or _search(intent.en, said.spaced)
            or _search(intent.objects_ko, said.tight) or _search(intent.objects_en, said.spaced))


def _says(intent: _Intent, said: Said) -> bool:
    return _may_say(intent, said) and any(_piece_has(intent, piece) for piece in said.pieces)


def detect(text: str | Said, intent: str) -> bool:
    """Does ``text`` say ``intent`` (one of INTENTS) in some clause?"""
    spec = _INTENTS.get(intent)
    if spec is None:
        raise ValueError(f"unknown intent {intent!r}")
    return _says(spec, _said(text))


def intents_in(text: str | Said) -> set[str]:
    """Every intent ``text`` says."""
    said = _said(text)
    return {name for name, spec in _INTENTS.items() if _says(spec, said)}


@lru_cache(maxsize=4096)
def _key(keyword: str) -> tuple[re.Pattern[str] | None, str]:
    """An English word or phrase matches at a word start of the spaced text; anything else
    (Korean, digits, mixed) anywhere in the compact text."""
    key = normalise(keyword)
    if re.fullmatch(r"[a-z][a-z' -]*", key):
        return re.compile(r"\b" + re.escape(key)), ""
    return None, compact(key)


def _keyword_hit(keyword: str, spaced: str, tight: str) -> bool:
    rx, tight_key = _key(keyword)
    if rx is not None:
        return rx.search(spaced) is not None
    return bool(tight_key) and tight_key in tight


def matches_any(text: str | Said, keywords: Iterable[str]) -> str | None:
    """The first keyword found in ``text`` (same normalisation as the intents), or None."""
    said = _said(text)
    return next((k for k in keywords if _keyword_hit(k, said.spaced, said.tight)), None)


def says_unnegated(text: str | Said, phrases: Iterable[str]) -> str | None:
    """The first phrase said in a clause with no negative marker of its own: "전액 환불해
    드리겠습니다" is a promise; "전액 환불해 드리겠다고 약속드릴 수는 없습니다" is not. A phrase
    that spans clauses counts when the whole text has no negative marker."""
    said = _said(text)
    for phrase in phrases:
        if not _keyword_hit(phrase, said.spaced, said.tight):
            continue
        own = negated(phrase)  # a phrase that is itself negative ("안 됩니다") is matched as it is
        hits = [p for p in said.pieces if _keyword_hit(phrase, p.clause, p.tight)]
        if any(own or not p.negative for p in hits):
            return phrase
        if not hits and (own or not negated(said.spaced)):
            return phrase
    return None
