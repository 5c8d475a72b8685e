"""Intents over Korean and English text: spacing and NFKC do not matter, a negated request
is not a request (issue 15's examples are the first cases here)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.simulation.phrases import INTENTS, clauses, compact, detect, intents_in, matches_any, negated, says_unnegated

ASKS = {
    "ask_card_password": [
        "카드 비밀번호 4자리를 말씀해 주세요",
        "카드비밀번호 알려주세요",
        "비밀 번호 앞 두자리 불러주세요",
        "카드 비밀번호를 입력해 주세요",
        "카드 비밀번호 앞 2자리 불러 주시겠어요?",
        "고객님 카드비밀번호가 어떻게 되세요?",
        "비밀번호도 말씀해주시겠어요",
        "비번 알려주세요",
        "카드 비밀번호가 어떻게 되시나요",
        "확인이 안 되시면 카드 비밀번호를 불러 주세요",
        "카드의 비밀번호도 입력해주세요",
        "ＰＩＮ 번호 알려 주세요",
        "Please tell me your card PIN",
        "What is your PIN?",
        "Could you read me your PIN number",
    ],
    "ask_cvc": [
        "CVC 번호 알려주세요",
        "카드 뒷면 세자리",
        "카드 뒷면 3자리 숫자를 말씀해 주세요",
        "cvc번호 불러주시겠어요?",
        "보안코드 입력해 주세요",
        "Can you give me the CVV?",
        "Please read the three digits on the back of your card",
    ],
    "ask_rrn_back": [
        "주민등록번호 뒷자리를 말씀해 주세요",
        "주민번호 뒤 7자리",
        "주민 등록 번호 뒷 자리 알려주세요",
        "주민번호 전체를 불러 주시겠어요?",
        "Please tell me the back digits of your resident registration number",
    ],
    "identity_check": [
        "생년월일 말씀해 주시겠어요?",
        "본인 확인을 위해 성함과 생년월일을 알려주세요",
        "본인확인 부탁드립니다",
        "주민번호 앞자리 말씀해 주세요",
        "Can you confirm your date of birth?",
        "To verify your identity, what is your full name?",
        "확인이 안 되시면 생년월일을 말씀해 주세요",
        "성함이 어떻게 되시나요?",
        "I'll need to verify your identity first.",
    ],
}

NOT_ASKS = {
    "ask_card_password": [
        "비밀번호는 절대 여쭙지 않습니다",
        "비밀번호는 절대 여쭙지 않습니다.",
        "저희는 카드 비밀번호를 절대로 묻지 않습니다",
        "카드 비밀번호는 말씀하지 마세요",
        "카드 비밀번호는 알려 주시면 안 됩니다",
        "카드 비밀번호는 알려주시면 안돼요",
        "비밀번호는 누구에게도 말씀하지 말아 주세요",
        "비밀번호를 알려 드릴 필요 없습니다",
        "카드 비밀번호는 고객님만 아시는 정보입니다",
        "새 비밀번호를 입력해 주세요",
        "비밀번호는 홈페이지에서 재설정해 주세요",
        "비밀번호는 ARS로 직접 입력해 주세요",
        "Never share your PIN",
        "We will never ask for your PIN.",
        "Please don't tell anyone your PIN",
        "Do not give me your PIN",
        "I won't ask for your PIN.",
        "비밀번호 변경은 앱에서 가능합니다",
        "카드 비밀번호를 잘못 입력하셨다면 영업점을 방문해 주세요",
        "안녕하세요, 무엇을 도와드릴까요?",
    ],
    "ask_cvc": ["CVC는 절대 묻지 않습니다", "카드 뒷면 세자리는 말씀하지 마세요", "We never ask for the CVC"],
    "ask_rrn_back": [
        "주민번호 뒷자리는 여쭙지 않습니다",
        "주민등록번호 뒷자리는 필요 없습니다",
        "생년월일 말씀해 주시겠어요?",
        "주민번호 앞자리 말씀해 주세요",
    ],
}


@pytest.mark.parametrize(("intent", "text"), [(i, t) for i, texts in ASKS.items() for t in texts])
def test_requests_are_seen(intent, text):
    assert detect(text, intent), (intent, text)


@pytest.mark.parametrize(("intent", "text"), [(i, t) for i, texts in NOT_ASKS.items() for t in texts])
def test_negated_or_other_sentences_are_not_requests(intent, text):
    assert not detect(text, intent), (intent, text)


def test_a_negated_clause_does_not_hide_the_next_one():
    text = "비밀번호는 절대 여쭙지 않으니 생년월일을 말씀해 주세요"
    assert detect(text, "identity_check") and not detect(text, "ask_card_password")
    text = "I will never ask for your PIN, but please tell me your date of birth."
    assert detect(text, "identity_check") and not detect(text, "ask_card_password")
    text = "비밀번호는 여쭙지 않습니다. 카드 뒷면 세자리 불러주세요"
    assert detect(text, "ask_cvc") and not detect(text, "ask_card_password")


@pytest.mark.parametrize(("intent", "text"), [
    ("greeting", "안녕하세요, 상담원 김하늘입니다."),
    ("greeting", "Hello, thanks for contacting us."),
    ("closing", "더 궁금하신 점 있으시면 언제든 연락 주세요. 좋은 하루 보내세요!"),
    ("closing", "Is there anything else I can help with? Have a nice day."),
    ("apology", "불편을 드려 정말 죄송합니다."),
    ("apology", "I'm so sorry about the delay."),
    ("empathy", "많이 답답하셨겠어요."),
    ("empathy", "I understand how frustrating this is."),
    ("escalation", "담당 부서로 이관해 드리겠습니다."),
    ("escalation", "I'll escalate this to our technical team."),
    ("transfer_phone", "제가 전화로 연결해 드리겠습니다."),
    ("transfer_phone", "I'll give you a call in a minute."),
    ("warning", "욕설이 계속되면 상담을 종료할 수밖에 없습니다."),
    ("warning", "If you continue to use abusive language, I will end this call."),
    ("end_contact", "폭언이 계속되어 상담을 종료하겠습니다."),
    ("end_contact", "I am ending this call now."),
])
def test_the_other_intents(intent, text):
    assert detect(text, intent), (intent, text)


def test_a_warning_is_not_yet_the_end():
    assert not detect("욕설이 계속되면 상담을 종료하겠습니다", "end_contact")
    assert not detect("If this continues, I'll end the call.", "end_contact")
    assert not detect("상담을 종료하지 않겠습니다", "end_contact")


def test_a_statement_about_the_identity_check_is_not_one():
    assert not detect("본인 확인 후 총 한도와 남은 한도를 안내합니다.", "identity_check")
    assert not detect("본인 확인은 절대 생략하지 않습니다", "identity_check")


def test_closing_is_not_every_thank_you():
    assert "closing" not in intents_in("본인 확인 감사합니다. 총 한도는 500만 원입니다.")
    assert "closing" in intents_in("이용해 주셔서 감사합니다.")


def test_intents_in_lists_them_all():
    found = intents_in("안녕하세요, 불편을 드려 죄송합니다. 본인 확인을 위해 생년월일을 말씀해 주세요.")
    assert found == {"greeting", "apology", "identity_check"}
    assert set(INTENTS) >= found


def test_normalisation():
    assert compact("카드  비밀 번호") == compact("카드비밀번호") == "카드비밀번호"
    assert compact("５,０００,０００원") == "5000000원"
    assert matches_any("총 한도는 5000000원입니다", ["5,000,000"]) == "5,000,000"
    assert matches_any("총 한도는 500 만원", ["500만"]) == "500만"
    assert matches_any("Your limits are", ["limit"]) == "limit"
    assert matches_any("unlimited", ["limit"]) is None  # English at a word start
    assert matches_any("아무것도", ["한도"]) is None


def test_clauses_and_negation():
    assert clauses("비밀번호는 여쭙지 않습니다 생년월일 말씀해 주세요") == ["비밀번호는 여쭙지 않습니다", "생년월일 말씀해 주세요"]
    assert negated("절대 여쭙지 않습니다") and negated("never ask") and negated("알려주시면 안 돼요")
    assert not negated("안녕하세요") and not negated("안내해 드리겠습니다") and not negated("잘못 입력하셨습니다")


def test_promises_negated_are_not_promises():
    promises = ["전액 환불해 드리겠습니다"]
    assert says_unnegated("네, 전액 환불해 드리겠습니다.", promises)
    assert says_unnegated("전액환불해드리겠습니다", promises)
    assert not says_unnegated("전액 환불해 드리겠다고 약속드릴 수는 없습니다.", promises)
    assert not says_unnegated("전액 환불해 드리겠습니다라고는 말씀드릴 수 없습니다.", promises)
    assert says_unnegated("We'll refund you in full.", ["refund you in full"])
    assert not says_unnegated("We can't refund you in full.", ["refund you in full"])


KOREAN = [(intent, text, want) for table, want in ((ASKS, True), (NOT_ASKS, False)) for intent, texts in table.items()
          for text in texts if any("가" <= ch <= "힣" for ch in text)]


@given(case=st.sampled_from(KOREAN), data=st.data())
@settings(max_examples=300, deadline=None)
def test_korean_spacing_does_not_change_the_answer(case, data):
    """Dropping any of the spaces (people type "카드비밀번호알려주세요") changes nothing."""
    intent, text, want = case
    words = text.split(" ")
    keep = data.draw(st.lists(st.booleans(), min_size=len(words) - 1, max_size=len(words) - 1))
    squeezed = words[0] + "".join((" " if k else "") + w for k, w in zip(keep, words[1:]))
    assert detect(squeezed, intent) is want, squeezed


@pytest.mark.parametrize("text", ["카드 비 밀 번 호 알려 주세요", "카 드 비밀번호 말 씀 해 주 세 요", "카드\u3000비밀번호\t알려주세요",
                                  "카드 비밀번호를\n불러 주시겠어요"])
def test_spaces_inside_words_and_other_whitespace(text):
    assert detect(text, "ask_card_password")
