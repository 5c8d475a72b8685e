"""Korean particles (조사) after a word whose ending is not known in advance.

``josa("템플릿", "을") == "템플릿을"``, ``josa("문서", "을") == "문서를"``: the particle is chosen by
whether the word's last sound has a final consonant (받침). Either form of a pair may be given.
A word ending in a digit or a Latin letter is judged by how it is read (3 = 삼: 을; 2 = 이: 를;
"email": 을; "urgent": 로). Quotes and brackets at the end are looked through
("'한도 안내'를"). When the ending cannot be judged, both forms are written: "을(를)".
"""

from __future__ import annotations

# (after a final consonant, after a vowel); 으로/로: ㄹ takes 로 too.
_PAIRS = (("을", "를"), ("이", "가"), ("은", "는"), ("과", "와"), ("으로", "로"), ("이나", "나"), ("이라", "라"), ("아", "야"))
_FORMS = {form: pair for pair in _PAIRS for form in pair}
_LOOK_THROUGH = "'\"’”」』)]}>》〉 "
# How a digit is read: (has a final consonant, that consonant is ㄹ).
_DIGITS = {"0": (True, False), "1": (True, True), "2": (False, False), "3": (True, False), "4": (False, False),
           "5": (False, False), "6": (True, False), "7": (True, True), "8": (True, True), "9": (False, False)}
_RIEUL = 8  # the index of ㄹ among the final consonants


def _ending(word: str) -> tuple[bool, bool] | None:
    """(has a final consonant, it is ㄹ) for the word's last sound, or None when unknown."""
    text = word.rstrip(_LOOK_THROUGH)
    if not text:
        return None
    last = text[-1]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return final != 0, final == _RIEUL
    if last in _DIGITS:
        return _DIGITS[last]
    if last.isascii() and last.isalpha():
        lower = text.lower()
        if lower.endswith(("l",)):
            return True, True
        if lower.endswith(("m", "n", "ng")):
            return True, False
        # A short word in capitals is read letter by letter (KB = 케이비); the rest end in a vowel
        # sound as Korean reads them (card = 카드, urgent = 전트).
        return False, False
    return None


def josa(word: str, particle: str) -> str:
    """``word`` followed by the right form of ``particle`` (을/를, 이/가, 은/는, 과/와, 으로/로, 이나/나,
    이라/라, 아/야; either form, or both as "을/를")."""
    pair = _FORMS.get(particle) or _FORMS.get(particle.split("/")[0])
    if pair is None:
        raise ValueError(f"unknown particle {particle!r}")
    ending = _ending(word)
    if ending is None:
        return f"{word}{pair[0]}({pair[1]})"
    final, rieul = ending
    if pair[0] == "으로":
        return word + ("로" if (not final or rieul) else "으로")
    return word + (pair[0] if final else pair[1])
