"""The demo's vocabulary: names, products, scenarios with their conversations, knowledge
articles and reply templates, in Korean first and English. Data only; ``generator`` draws from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# =============================================================================
# Vocabulary and text
# =============================================================================

# Korean family names with their share of the population (%), romanised for logins/emails.
FAMILY = (
    ("김", "kim", 21.5), ("이", "lee", 14.7), ("박", "park", 8.4), ("최", "choi", 4.7), ("정", "jung", 4.3),
    ("강", "kang", 2.3), ("조", "cho", 2.1), ("윤", "yoon", 2.0), ("장", "jang", 2.0), ("임", "lim", 1.7),
    ("한", "han", 1.5), ("오", "oh", 1.5), ("서", "seo", 1.5), ("신", "shin", 1.5), ("권", "kwon", 1.4),
    ("황", "hwang", 1.4), ("안", "ahn", 1.3), ("송", "song", 1.3), ("류", "ryu", 1.2), ("전", "jeon", 1.1),
    ("홍", "hong", 1.1), ("고", "ko", 0.9), ("문", "moon", 0.9), ("양", "yang", 0.9), ("손", "son", 0.9),
    ("배", "bae", 0.8), ("백", "baek", 0.8), ("허", "heo", 0.6), ("유", "yoo", 0.6), ("남", "nam", 0.5),
    ("노", "noh", 0.5), ("하", "ha", 0.5),
)
GIVEN = (
    ("민지", "minji"), ("서연", "seoyeon"), ("지훈", "jihoon"), ("민준", "minjun"), ("서준", "seojun"),
    ("하은", "haeun"), ("지우", "jiwoo"), ("수빈", "subin"), ("예은", "yeeun"), ("도윤", "doyoon"),
    ("현우", "hyunwoo"), ("지민", "jimin"), ("유진", "yujin"), ("은지", "eunji"), ("성민", "sungmin"),
    ("영희", "younghee"), ("철수", "chulsoo"), ("정호", "jungho"), ("미경", "mikyung"), ("상훈", "sanghoon"),
    ("지현", "jihyun"), ("혜진", "hyejin"), ("동현", "donghyun"), ("승우", "seungwoo"), ("수진", "sujin"),
    ("재현", "jaehyun"), ("은비", "eunbi"), ("준호", "junho"), ("소영", "soyoung"), ("태윤", "taeyoon"),
    ("다은", "daeun"), ("민서", "minseo"), ("건우", "gunwoo"), ("채원", "chaewon"), ("윤서", "yunseo"),
    ("시우", "siwoo"), ("지아", "jia"), ("하준", "hajun"), ("경민", "kyungmin"), ("영수", "youngsoo"),
    ("순자", "soonja"), ("미숙", "misook"), ("정숙", "jungsook"), ("광수", "kwangsoo"), ("성호", "sungho"),
    ("예린", "yerin"), ("주원", "juwon"), ("서현", "seohyun"), ("우진", "woojin"), ("나연", "nayeon"),
    ("동욱", "dongwook"), ("보람", "boram"), ("슬기", "seulgi"), ("가은", "gaeun"), ("태호", "taeho"),
    ("명수", "myungsoo"), ("경희", "kyunghee"), ("종민", "jongmin"), ("하늘", "haneul"), ("세영", "seyoung"),
)
EN_FIRST = (
    "James", "Emily", "Michael", "Sarah", "David", "Jessica", "Daniel", "Olivia", "Matthew", "Sophie",
    "Andrew", "Hannah", "Ryan", "Chloe", "Thomas", "Grace", "Kevin", "Laura", "Brian", "Rachel",
    "Lucas", "Mia", "Ethan", "Anna", "Noah", "Julia", "Liam", "Emma", "Oliver", "Charlotte",
)
EN_LAST = (
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts", "Walker",
    "Wright", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Martin",
    "Jackson", "Clarke", "Lewis", "Young", "King", "Nguyen", "Garcia", "Miller", "Anderson", "Moore",
)
EMAIL_DOMAINS = ("example.com", "example.co.kr", "example.net", "mail.example.kr")

# Agents: Korean names with the logins a contact centre would hand out.
AGENT_NAMES = (
    ("박서연", "park.seoyeon"), ("이준호", "lee.junho"), ("최유진", "choi.yujin"), ("정민수", "jung.minsu"),
    ("강하은", "kang.haeun"), ("윤도현", "yoon.dohyun"), ("장수빈", "jang.subin"), ("임재현", "lim.jaehyun"),
    ("한지우", "han.jiwoo"), ("오세훈", "oh.sehoon"), ("서예린", "seo.yerin"), ("신동욱", "shin.dongwook"),
    ("권나연", "kwon.nayeon"), ("황민재", "hwang.minjae"), ("안소희", "ahn.sohee"), ("송지호", "song.jiho"),
    ("류하린", "ryu.harin"), ("전우진", "jeon.woojin"), ("홍다인", "hong.dain"), ("고태민", "ko.taemin"),
)
TEAMS = (("card", "카드상담팀"), ("shop", "쇼핑몰CS팀"), ("en", "English Desk"))
TEAM_NAME = dict(TEAMS)
TEAM_EN = {"card": "Card Services team", "shop": "Shopping Support team", "en": "English Desk"}

SEGMENTS = (("retail", 78), ("premium", 8), ("business", 8), ("student", 6))
TIERS = ("standard", "silver", "gold", "vip")
TIER_WEIGHTS = (70, 17, 10, 3)
CUSTOMER_NOTES = (
    "청각 장애로 문자·채팅 상담 선호", "야간(22시 이후) 연락 자제 요청", "법인카드 담당자 — 경리팀 소속",
    "이전 상담에서 불만 제기 이력 있음, 정중한 응대 요망", "영문 안내 요청 시 English Desk로 연결",
    "고령 고객 — 천천히 또박또박 안내", "통화보다 이메일 회신 선호", "배송 시 경비실 보관 요청",
)
CUSTOMER_NOTES_EN = ("Prefers email over phone", "Lives abroad part of the year; mind the time zone",
                     "Corporate account contact", "Asked not to be called before 10 a.m.")

MERCHANTS = ("하늘마트", "스마일몰", "커피온", "트래블플러스", "한빛주유소", "온누리약국", "Global Books", "StreamBox",
             "푸른항공", "별빛시네마")

# Shop catalogue: (name, sku prefix, typical prices in won).
CATALOG = (
    ("무선 이어폰", "AUD", (59000, 89000, 129000, 189000)),
    ("겨울 패딩 점퍼", "APP", (89000, 149000, 219000, 299000)),
    ("스마트워치", "WRB", (199000, 279000, 359000)),
    ("러닝화", "SHO", (69000, 99000, 139000)),
    ("전기 주전자", "KIT", (29900, 45900, 59900)),
    ("공기청정기 필터", "HOM", (19900, 34900, 49900)),
    ("유기농 쌀 10kg", "FOD", (38900, 45900)),
    ("캡슐 커피 60개입", "FOD", (32900, 41900)),
    ("노트북 파우치", "ACC", (15900, 24900, 32900)),
    ("블루투스 스피커", "AUD", (49900, 79000, 129000)),
    ("초음파 가습기", "HOM", (39900, 69900)),
    ("니트 가디건", "APP", (39900, 59900, 79900)),
    ("보조배터리 20000mAh", "ELE", (25900, 39900)),
    ("스테인리스 텀블러 500ml", "KIT", (12900, 19900, 27900)),
    ("요가 매트", "SPT", (19900, 35900)),
    ("로봇청소기", "HOM", (299000, 459000, 699000)),
    ("기초 스킨케어 세트", "BEA", (45000, 68000, 92000)),
    ("어린이 그림책 전집", "BOK", (89000, 129000)),
    ("USB-C Charging Cable", "ELE", (9900, 15900)),
    ("Wireless Mouse", "ELE", (19900, 34900, 59000)),
    ("Mechanical Keyboard", "ELE", (79000, 129000, 179000)),
    ("Vitamin C 1000mg", "HLT", (14900, 22900)),
    ("Phone Case", "ACC", (12900, 19900)),
    ("Hand Cream Set", "BEA", (18900, 29900)),
)
ORDER_ITEM_COUNTS = ((1, 55), (2, 25), (3, 13), (4, 7))
ORDER_COUNTS = ((0, 25), (1, 25), (2, 20), (3, 14), (4, 8), (5, 5), (6, 3))  # mean ≈ 1.9

CREDIT_CARDS = ("하나로 플래티넘 카드", "스마일 포인트 카드", "트래블 마일리지 카드", "생활 할인 카드", "프리미엄 골드 카드")
CREDIT_CARDS_EN = ("Global Platinum Card", "Travel Miles Card", "Everyday Cashback Card")
CHECK_CARDS = ("스마트 체크카드", "청춘 체크카드")
CHECK_CARDS_EN = ("Global Debit Card",)
LOANS = ("직장인 신용대출", "마이너스 통장", "전세자금대출", "주택담보대출")
DEPOSITS = ("자유적금", "정기예금 12개월", "청년 희망적금")
DEPOSITS_EN = ("Foreign Currency Savings", "12-month Time Deposit")
SUBSCRIPTIONS = (("프리미엄 멤버십", 4900), ("무료배송 멤버십", 2900), ("StreamBox Premium", 13900))

CHANNEL_WEIGHTS_KO = (("email", 27), ("chat", 27), ("phone", 22), ("web", 10), ("sms", 6), ("social", 8))
CHANNEL_WEIGHTS_EN = (("email", 55), ("chat", 30), ("phone", 5), ("web", 8), ("social", 2))
PRIORITY_WEIGHTS = (("urgent", 5), ("high", 15), ("normal", 60), ("low", 20))
EXTRA_TAGS = ("재문의", "재문의", "모바일앱", "불만")
EXTRA_TAGS_EN = ("follow-up", "mobile-app")

TEST_CARDS = ("4111 1111 1111 1111", "5555 5555 5555 4444", "4012-8888-8888-1881", "3782 822463 10005")


@dataclass(frozen=True)
class Scenario:
    key: str
    lang: str
    group: str  # card / shop / account: which team takes it
    category: str
    tags: tuple[str, ...]
    needs: str  # "" / card / loan / order
    weight: int
    subjects: tuple[str, ...]
    open: tuple[str, ...]
    reply: tuple[str, ...]
    follow: tuple[str, ...]
    reply2: tuple[str, ...]
    note: tuple[str, ...]
    call: tuple[str, ...]
    urgent_bias: bool = False


def _s(*a, **kw) -> Scenario:
    return Scenario(*a, **kw)


SCENARIOS_KO = (
    _s("card_limit", "ko", "card", "카드 한도", ("한도", "카드"), "card", 12,
       ("카드 한도 조회 부탁드립니다", "사용 가능한 한도가 궁금합니다", "신용카드 잔여 한도 문의 (끝자리 {last4})",
        "한도 조회가 앱에서 안 돼요"),
       ("안녕하세요. 끝자리 {last4} 신용카드 현재 사용 가능한 한도가 얼마인지 알고 싶습니다. 다음 주에 큰 결제가 있어서요.",
        "카드 한도가 얼마 남았는지 확인 부탁드려요. 앱에서 한도 조회를 누르면 오류가 나네요.",
        "이번 달 결제 예정 금액이랑 남은 한도 좀 알려주세요. 끝자리 {last4} 카드입니다.",
        "{merchant}에서 결제하려는데 한도 초과라고 나옵니다. 한도가 얼마나 남았나요?"),
       ("끝자리 {last4} 카드의 총 한도는 {limit}이며, 현재 사용 가능한 한도는 {avail}입니다.",
        "조회 결과 총 한도 {limit} 중 {used}을 사용하셔서 잔여 한도는 {avail}입니다. "
        "앱의 [카드 > 한도 조회] 메뉴에서도 실시간으로 확인하실 수 있습니다."),
       ("혹시 일시적으로 한도를 올릴 수 있을까요? 해외 결제 예정이라서요.", "결제일이 언제인지도 알려주실 수 있나요?",
        "할부로 결제하면 한도가 바로 차감되나요?"),
       ("일시 한도 상향은 최대 {limit2}까지 신청 가능하며, 심사 후 1~2영업일 내에 문자로 결과를 안내해 드립니다.",
        "결제일은 매월 14일이며, 이번 달 청구 예정 금액은 {amount}입니다.",
        "네, 할부 결제 시 총 결제 금액만큼 한도가 차감되고 매월 납부하시는 만큼 복원됩니다."),
       ("일시 한도 상향 신청 건 심사팀 전달함.", "연체 이력 없음 확인. 한도 상향 가능 대상."),
       ("통화 요약: 끝자리 {last4} 카드 잔여 한도 문의. 총 한도 {limit}, 사용 가능 {avail} 안내함.",
        "통화 요약: 한도 조회 및 결제일 문의. 앱 한도 조회 메뉴 안내, 고객 이해함.")),
    _s("limit_increase", "ko", "card", "카드 한도", ("한도", "한도상향"), "card", 6,
       ("카드 한도 상향 신청하고 싶어요", "한도 올려주세요", "한도 증액 심사 결과 문의"),
       ("다음 달 이사 비용 때문에 카드 한도를 {limit2} 정도로 올리고 싶습니다. 가능할까요?",
        "한도 상향 신청을 했는데 결과가 아직 안 나왔어요. 언제쯤 알 수 있을까요?",
        "끝자리 {last4} 카드 한도가 너무 낮아서요. 영구 한도 상향 신청하려면 어떻게 해야 하나요?"),
       ("한도 상향은 소득 증빙 서류(근로소득 원천징수영수증 등) 확인 후 심사가 진행됩니다. 앱의 [서류 제출] 메뉴로 올려주시면 됩니다.",
        "확인해 보니 {date}에 접수된 한도 상향 신청이 심사 중입니다. 보통 2~3영업일 정도 소요됩니다."),
       ("서류 올렸습니다. 확인 부탁드려요.", "심사 결과는 문자로 오나요?"),
       ("심사가 완료되어 한도가 {limit2}으로 상향되었습니다. 바로 사용하실 수 있습니다.",
        "죄송하지만 이번 심사에서는 한도 상향이 어렵다는 결과가 나왔습니다. 3개월 후 다시 신청하실 수 있습니다."),
       ("소득 서류 확인 완료, 심사팀 이관.", "신용점수 변동으로 상향 보류 — 고객 안내 필요."),
       ("통화 요약: 영구 한도 상향 문의. 필요 서류 및 심사 기간(2~3영업일) 안내함.",)),
    _s("payment_cancel", "ko", "card", "결제 취소", ("결제취소", "billing"), "card", 8,
       ("결제 취소 요청드립니다", "잘못 결제한 건 취소해 주세요", "결제 취소가 아직 반영이 안 됐어요"),
       ("{date}에 {merchant}에서 결제한 {amount} 취소 요청합니다. 실수로 결제했어요.",
        "가맹점에서 취소했다고 하는데 카드 명세서에는 아직 {amount}이 그대로 있어요.",
        "해외 사이트에서 결제한 건인데 주문이 안 됐습니다. 결제 취소 가능할까요?"),
       ("결제 취소는 가맹점을 통해 진행되어야 합니다. 가맹점에서 취소가 안 될 경우 이의제기 접수를 도와드리겠습니다.",
        "확인 결과 {merchant} 결제 건({amount})은 가맹점 취소가 접수되어 있습니다. 카드사 반영까지 영업일 기준 3~5일 소요될 수 있습니다."),
       ("그럼 이번 달 결제일 전에는 취소되는 건가요?", "가맹점이 연락이 안 됩니다. 이의제기 접수해 주세요."),
       ("결제일 전에 취소가 반영되면 청구되지 않으며, 이후 반영되면 다음 달 청구 금액에서 차감됩니다.",
        "이의제기 접수를 완료했습니다. 접수번호는 DS-{ref}이며 결과는 약 2주 내 안내드립니다."),
       ("가맹점 취소 전문 수신 확인.", "이의제기 서류 접수, 결과 대기 중."),
       ("통화 요약: {merchant} 결제 {amount} 취소 문의. 가맹점 취소 접수 확인, 반영 기간 3~5영업일 안내.",)),
    _s("double_charge", "ko", "card", "결제 오류", ("이중결제", "billing"), "card", 4,
       ("같은 금액이 두 번 결제됐어요", "이중 결제 확인 부탁드립니다"),
       ("{date} {merchant}에서 {amount}이 두 번 승인되었습니다. 확인 부탁드립니다.",
        "결제 문자가 두 번 왔어요. {amount}이 두 번 빠져나간 것 같습니다."),
       ("확인해 보니 동일 금액 승인이 두 건 있으나 한 건은 승인 취소되어 실제 청구는 한 번만 됩니다.",
        "중복 승인 건을 확인했습니다. 한 건은 오늘 중으로 취소 처리하겠습니다."),
       ("취소 문자는 언제 오나요?", "혹시 이자가 붙거나 하진 않죠?"),
       ("취소 처리가 완료되면 등록된 번호로 문자가 발송됩니다. 보통 1시간 이내입니다.",
        "네, 취소된 건에는 이자나 수수료가 발생하지 않습니다."),
       ("VAN사에 중복 승인 확인 요청함.",),
       ("통화 요약: {merchant} 이중 승인 문의. 한 건 승인 취소 확인 후 안내.",)),
    _s("card_lost", "ko", "card", "분실/도난", ("분실", "카드"), "card", 4,
       ("카드를 잃어버렸어요", "카드 분실 신고합니다", "도난 카드로 결제된 것 같아요"),
       ("지갑을 잃어버려서 카드 분실 신고하려고 합니다. 끝자리 {last4} 카드입니다.",
        "제가 사용하지 않은 {amount} 결제 문자가 왔습니다. 카드가 도용된 것 같아요. 빨리 정지해 주세요!"),
       ("끝자리 {last4} 카드는 방금 분실 신고 및 사용 정지 처리되었습니다. 재발급 카드는 3~5영업일 내 등록된 주소로 배송됩니다.",
        "즉시 카드 사용을 정지했습니다. 부정 사용 의심 건({amount})은 보상팀에서 조사 후 안내드리겠습니다."),
       ("재발급 카드 배송지를 회사로 바꿀 수 있나요?", "정기결제 걸어둔 건 어떻게 되나요?"),
       ("네, 재발급 카드 배송지를 회사 주소로 변경해 드렸습니다.",
        "새 카드 번호로 정기결제 정보를 변경하셔야 합니다. 일부 가맹점은 자동으로 갱신됩니다."),
       ("부정사용 조사 의뢰 — 보상팀 이관.", "분실 신고 접수 완료, 재발급 신청함."),
       ("통화 요약: 카드 분실 신고 접수, 사용 정지 및 재발급 처리함.",
        "통화 요약: 부정 사용 의심 결제 {amount} 신고. 카드 정지, 보상팀 이관 안내."),
       urgent_bias=True),
    _s("loan", "ko", "card", "대출", ("대출", "상환"), "loan", 4,
       ("대출 중도상환 문의", "대출 잔액 확인 부탁드립니다", "이자 납부일 변경 가능한가요?"),
       ("신용대출 잔액이 얼마 남았는지, 중도상환 수수료는 얼마인지 알고 싶습니다.",
        "이번 달 대출 이자가 평소보다 많이 나왔는데 이유가 뭔가요?",
        "대출 이자 납부일을 25일로 변경하고 싶어요."),
       ("현재 대출 잔액은 {loan}이며, 중도상환 수수료율은 잔여 기간에 따라 최대 1.2%입니다.",
        "기준금리 변동으로 이번 달부터 적용 금리가 0.25%p 인상되어 이자가 늘었습니다."),
       ("일부만 먼저 상환해도 되나요?", "금리인하요구권 신청은 어떻게 하나요?"),
       ("네, 일부 상환 가능합니다. 앱의 [대출 > 중도상환] 메뉴에서 신청하실 수 있습니다.",
        "금리인하요구권은 앱 또는 영업점에서 신청 가능하며, 심사 결과는 10영업일 내 안내됩니다."),
       ("여신팀 확인 요청함.",),
       ("통화 요약: 대출 잔액 {loan} 및 중도상환 수수료 안내.",)),
    _s("delivery_delay", "ko", "shop", "배송", ("배송지연", "배송"), "order", 12,
       ("주문한 상품이 아직 안 왔어요 ({order})", "배송 지연 문의", "{item} 배송 언제 되나요?"),
       ("{date}에 주문한 {item}({order})이 아직 도착하지 않았습니다. 배송 조회를 해도 며칠째 그대로예요.",
        "주문번호 {order} 배송이 너무 늦어지네요. 언제 받을 수 있나요?",
        "{item} 오늘 도착 예정이었는데 아직 안 왔습니다. 확인 부탁드려요."),
       ("확인해 보니 {order} 주문은 물류센터 물량 증가로 출고가 지연되고 있습니다. 운송장 번호는 {tracking}이며, "
        "{days}일 내 도착 예정입니다. 불편을 드려 죄송합니다.",
        "택배사 확인 결과 현재 배송 중이며 내일 중 도착 예정입니다. 운송장 번호 {tracking}로 조회하실 수 있습니다."),
       ("선물용이라 주말 전에 꼭 받아야 해요. 방법이 없을까요?", "계속 늦어지면 그냥 취소하고 싶어요.",
        "택배사에 전화해도 연락이 안 돼요."),
       ("택배사에 우선 배송을 요청해 두었습니다. 지연 보상으로 적립금 3,000원을 지급해 드렸습니다.",
        "출고 전이라 주문 취소가 가능합니다. 취소를 원하시면 말씀해 주세요. 결제하신 {total}은 바로 환불됩니다."),
       ("택배사 담당자에게 배송 추적 요청함.", "물류센터 출고 지연 공지 건 — 동일 문의 다수."),
       ("통화 요약: {order} 배송 지연 문의. 운송장 {tracking} 안내, 지연 사과 및 적립금 보상.",)),
    _s("refund", "ko", "shop", "환불/반품", ("환불",), "order", 10,
       ("환불 요청합니다", "반품 후 환불이 안 들어왔어요", "{item} 환불 문의"),
       ("{order} 주문 건 {item} 사이즈가 맞지 않아 반품하고 환불받고 싶습니다.",
        "반품한 지 일주일이 지났는데 환불이 아직 안 들어왔어요. 주문번호 {order}입니다.",
        "받은 {item}에 하자가 있어서 환불 요청드립니다. 사진 첨부합니다."),
       ("반품 접수 완료했습니다. 택배 기사님이 1~2일 내 방문 수거 예정이며, 상품 확인 후 {total} 환불됩니다.",
        "확인 결과 반품 상품은 {date}에 입고되어 검수 중입니다. 검수 완료 후 영업일 기준 3일 이내 결제 수단으로 환불됩니다."),
       ("카드로 결제했는데 환불은 언제 카드에 반영되나요?", "반품 배송비도 제가 내야 하나요?"),
       ("카드사 사정에 따라 취소 반영까지 3~7영업일 정도 걸릴 수 있습니다.",
        "상품 하자로 인한 반품이라 배송비는 저희가 부담합니다."),
       ("검수 결과 하자 확인 — 전액 환불 승인.", "반품 수거 지연, 택배사 재요청함."),
       ("통화 요약: {order} 환불 진행 상황 문의. 검수 완료 후 3영업일 내 환불 안내.",)),
    _s("exchange", "ko", "shop", "교환", ("교환",), "order", 6,
       ("사이즈 교환 요청", "{item} 교환하고 싶어요", "교환 상품 언제 발송되나요?"),
       ("{item} 사이즈가 작아서 한 치수 큰 걸로 교환하고 싶어요. 주문번호 {order}입니다.",
        "받은 상품 색상이 주문한 것과 달라요. 교환 부탁드립니다.",
        "교환 신청했는데 새 상품이 아직 발송이 안 됐네요."),
       ("교환 접수해 드렸습니다. 기존 상품 회수 후 새 상품이 발송되며, {days}일 내 받아보실 수 있습니다.",
        "오배송으로 불편을 드려 죄송합니다. 교환 배송비는 무료이며, 회수 기사님이 내일 방문 예정입니다."),
       ("회수할 때 박스가 없어도 되나요?", "교환 말고 환불로 바꿀 수 있나요?"),
       ("다른 박스나 봉투에 포장해 주셔도 괜찮습니다.", "네, 환불로 변경해 드렸습니다. 회수 완료 후 {total} 환불됩니다."),
       ("교환 재고 확인 완료.", "오배송 — 물류센터에 피드백 전달함."),
       ("통화 요약: {item} 교환 요청, 회수 일정 안내.",)),
    _s("address_change", "ko", "shop", "배송지 변경", ("주소변경", "배송"), "order", 4,
       ("배송지 변경 요청", "주소를 잘못 입력했어요"),
       ("{order} 주문 배송지를 회사 주소로 변경하고 싶습니다. 서울시 강남구 테헤란로 123, 4층입니다.",
        "주소를 잘못 입력했어요. 아파트 동호수가 틀렸습니다. 101동 1203호로 변경해 주세요."),
       ("출고 전이라 배송지 변경이 가능합니다. 요청하신 주소로 변경 완료했습니다.",
        "이미 출고되어 택배사에 주소 변경을 요청해 두었습니다. 변경 여부는 택배사 사정에 따라 달라질 수 있습니다."),
       ("감사합니다. 도착 예정일은 그대로인가요?",),
       ("네, 도착 예정일은 동일합니다.",),
       ("택배사 주소 변경 요청 접수.",),
       ("통화 요약: {order} 배송지 변경 요청, 변경 완료 안내.",)),
    _s("password_reset", "ko", "account", "회원정보", ("비밀번호", "로그인"), "", 7,
       ("비밀번호 재설정이 안 됩니다", "로그인이 안 돼요", "비밀번호 변경 문자 인증 오류"),
       ("비밀번호를 잊어버려서 재설정하려고 하는데 인증 문자가 안 와요.",
        "로그인을 여러 번 시도했더니 계정이 잠겼습니다. 어떻게 풀 수 있나요?",
        "앱 업데이트 후 비밀번호가 맞는데도 로그인이 안 됩니다."),
       ("인증 문자가 스팸함으로 분류되는 경우가 있습니다. 스팸 문자함을 확인해 주시고, 안 될 경우 이메일 인증을 이용해 주세요.",
        "계정 잠금을 해제해 드렸습니다. 로그인 화면의 [비밀번호 찾기]에서 새 비밀번호를 설정해 주세요.",
        "본인 확인 후 비밀번호 재설정 링크를 등록된 이메일로 보내드렸습니다. 링크는 30분간 유효합니다."),
       ("이메일도 안 와요. 예전 이메일 주소라서요.", "됐습니다! 그런데 2단계 인증은 어떻게 켜나요?"),
       ("등록 이메일 변경은 본인 인증 후 가능합니다. 앱의 [내 정보 > 본인 인증]을 진행해 주세요.",
        "[설정 > 보안 > 2단계 인증]에서 켜실 수 있습니다."),
       ("본인 확인 완료 (휴대폰 인증).", "반복 잠금 — 보안팀에 확인 요청."),
       ("통화 요약: 로그인 불가 문의. 본인 확인 후 계정 잠금 해제, 비밀번호 재설정 안내.",)),
    _s("points", "ko", "shop", "포인트", ("포인트",), "", 4,
       ("포인트 적립이 안 됐어요", "적립금 사용 문의", "포인트 소멸 예정 문의"),
       ("지난주에 주문했는데 구매 포인트가 적립되지 않았습니다.",
        "적립금 {points}점이 있는데 결제할 때 사용이 안 돼요.",
        "포인트 소멸 예정 문자를 받았는데 얼마나 소멸되나요?"),
       ("구매 포인트는 배송 완료 후 7일 뒤 자동 적립됩니다. 확인해 보니 누락된 포인트가 있어 {points}점을 수동으로 적립해 드렸습니다.",
        "적립금은 1,000점 이상부터 사용 가능하며, 일부 할인 상품에는 사용이 제한됩니다.",
        "이번 달 말 소멸 예정인 포인트는 {points}점입니다. 소멸 전에 사용하시길 권해 드립니다."),
       ("네, 적립된 거 확인했어요.", "소멸 예정 포인트는 연장이 안 되나요?"),
       ("이용해 주셔서 감사합니다.", "소멸 예정 포인트는 연장이 어려운 점 양해 부탁드립니다."),
       ("포인트 수동 적립 처리함.",),
       ("통화 요약: 포인트 누락 문의, {points}점 수동 적립.",)),
    _s("subscription", "ko", "shop", "구독", ("구독해지", "billing"), "", 3,
       ("멤버십 해지 요청", "구독료가 또 결제됐어요", "정기결제 해지 방법"),
       ("프리미엄 멤버십 해지하고 싶습니다. 이번 달 결제된 4,900원도 환불되나요?",
        "해지했는데 이번 달에도 구독료가 결제됐어요.",
        "정기결제 해지는 어디서 하나요? 메뉴를 못 찾겠어요."),
       ("멤버십 해지 처리해 드렸습니다. 이번 달 혜택을 사용하지 않으셔서 결제 금액 4,900원은 전액 환불됩니다.",
        "확인해 보니 해지 신청이 결제일 이후에 접수되어 이번 달 요금이 청구되었습니다. 이번 달 말까지 혜택은 그대로 이용하실 수 있습니다."),
       ("혜택을 안 썼으니 환불 부탁드립니다.",),
       ("예외적으로 이번 달 요금을 환불 처리해 드렸습니다. 3~5영업일 내 카드 취소됩니다.",),
       ("해지 방어 쿠폰 안내했으나 고객 거절.",),
       ("통화 요약: 멤버십 해지 요청, 해지 완료 및 환불 안내.",)),
    _s("app_error", "ko", "account", "앱 오류", ("앱오류", "bug"), "", 3,
       ("앱이 계속 꺼져요", "결제 화면에서 오류가 납니다", "앱 업데이트 후 오류"),
       ("앱을 실행하면 로딩 중에 계속 꺼집니다. 갤럭시 S23 사용 중입니다.",
        "결제 버튼을 누르면 '일시적인 오류' 메시지가 뜹니다. 오류 코드 E-{ref}입니다.",
        "아이폰에서 앱 업데이트 후 로그인 화면이 하얗게 나와요."),
       ("불편을 드려 죄송합니다. 앱 삭제 후 재설치하시면 대부분 해결됩니다. 계속되면 기기 모델과 OS 버전을 알려주세요.",
        "현재 일부 기기에서 발생하는 오류로 개발팀이 수정 중입니다. 그동안 모바일 웹에서 이용 부탁드립니다."),
       ("재설치해도 똑같아요.", "언제쯤 고쳐지나요?"),
       ("개발팀에 전달했으며, 이번 주 배포 예정인 업데이트에서 수정될 예정입니다.",),
       ("개발팀 버그 티켓 등록: APP-{ref}.", "동일 증상 문의 다수 — 장애 공지 필요."),
       ("통화 요약: 앱 실행 오류, 재설치 안내. 해결 안 되어 개발팀 전달.",)),
)

SCENARIOS_EN = (
    _s("card_limit_en", "en", "card", "카드 한도", ("한도", "card-limit"), "card", 10,
       ("Credit limit inquiry", "How much credit do I have left?", "Request to increase my card limit"),
       ("Hi, could you tell me the available limit on my card ending {last4}? I have a large payment next week.",
        "I'm travelling abroad next month and would like to raise my credit limit temporarily.",
        "My card was declined at {merchant} today even though I thought I had enough limit left."),
       ("Your card ending {last4} has a total limit of {limit_en}; {avail_en} is currently available.",
        "A temporary increase up to {limit2_en} is possible for up to 30 days; I've submitted the request for review.",
        "I checked your account: the payment was declined because the available limit was {avail_en}. "
        "A temporary increase up to {limit2_en} is possible after a short review."),
       ("Thanks. How long does a temporary increase take?", "Can you also tell me my statement date?"),
       ("Temporary increases are usually reviewed within one business day; you will get a text message with the result.",
        "Your statement is issued on the 14th of every month."),
       ("Temporary limit request forwarded to credit review.",),
       ("Call summary: customer asked about the available limit on card ending {last4}; "
        "explained total {limit_en}, available {avail_en}.",)),
    _s("billing_en", "en", "card", "결제 오류", ("billing",), "card", 8,
       ("Charged twice", "Unknown charge on my statement", "Payment cancellation"),
       ("I was charged {amount_en} twice at {merchant} on {date_en}.",
        "There's a charge of {amount_en} I don't recognise on my card ending {last4}.",
        "I cancelled my purchase at {merchant} but the charge of {amount_en} is still there."),
       ("I can see two authorisations; one of them has already been reversed, so you'll only be billed once.",
        "For your safety I've blocked the card ending {last4} and opened a dispute. "
        "A replacement card will be mailed within 5 business days.",
        "The merchant's cancellation is on file; it takes 3–5 business days to show on your statement."),
       ("Thanks. Will I get a confirmation?", "Will this affect my credit score?"),
       ("Yes, you'll receive a text message once it's done.", "No, disputed charges don't affect your credit score."),
       ("Dispute filed with the card network.",),
       ("Call summary: duplicate charge of {amount_en} at {merchant}; one authorisation reversed.",)),
    _s("refund_en", "en", "shop", "환불/반품", ("환불", "refund"), "order", 10,
       ("Refund request for order {order}", "Still waiting for my refund", "Return and refund"),
       ("I returned the {item} from order {order} last week but haven't received my refund yet.",
        "The {item} I received is damaged. I'd like a full refund, please.",
        "Please cancel order {order} and refund my payment."),
       ("Your returned item arrived at our warehouse on {date_en}. The refund of {total_en} was issued today; card refunds take 3–5 "
        "business days to appear.",
        "I'm sorry about that. I've started a return for order {order}; a courier will pick up the item within two days and {total_en} "
        "will be refunded once it's inspected.",
        "Order {order} has been cancelled and {total_en} refunded; card refunds take 3–5 business days to appear."),
       ("Do I need the original box?", "Will the shipping fee be refunded as well?"),
       ("Any sturdy packaging is fine.", "Yes, since the item was defective the shipping fee will be refunded too."),
       ("Inspection passed — full refund approved.",),
       ("Call summary: refund status for {order}; refund of {total_en} issued, 3–5 business days.",)),
    _s("delivery_en", "en", "shop", "배송", ("배송지연", "shipping"), "order", 10,
       ("Where is my order {order}?", "Delivery delayed", "Package not delivered"),
       ("My order {order} ({item}) was supposed to arrive on {date_en} but it hasn't come yet.",
        "Tracking hasn't updated for four days. Can you check what's going on with {order}?"),
       ("I'm sorry for the delay. Your parcel is at the regional hub and should arrive within {days} days. Tracking number: {tracking}.",
        "The courier reports a delivery attempt yesterday. They will try again tomorrow; you can also pick it up at the local depot with "
        "tracking number {tracking}."),
       ("It's a gift, is there any way to speed it up?", "If it doesn't arrive by Friday I'd like to cancel."),
       ("I've asked the courier to prioritise it and added 3,000 points to your account for the inconvenience.",
        "Understood. If it hasn't arrived by Friday, just reply here and we'll cancel and refund {total_en}."),
       ("Courier trace requested.",),
       ("Call summary: delivery delay for {order}; gave tracking {tracking}, apologised.",)),
    _s("password_en", "en", "account", "회원정보", ("password", "login"), "", 8,
       ("How to reset your password", "Can't log in", "Account locked"),
       ("I forgot my password and the reset email never arrives.",
        "My account got locked after too many attempts. Please help.",
        "I can't log in after updating the app."),
       ("I've sent a password reset link to your registered email address; it's valid for 30 minutes. Please also check your spam folder.",
        "I've unlocked your account. Please use 'Forgot password' on the login screen to set a new one."),
       ("Got it, thanks. How do I turn on two-step verification?", "The link says it has expired."),
       ("Go to Settings > Security > Two-step verification.", "I've sent a fresh link; please use it within 30 minutes."),
       ("Identity verified by SMS.",),
       ("Call summary: locked account; verified identity, unlocked it and explained the password reset.",)),
    _s("subscription_en", "en", "shop", "구독", ("billing", "subscription"), "", 4,
       ("Cancel my membership", "Subscription renewed after I cancelled"),
       ("Please cancel my premium membership. I don't use it anymore.",
        "I cancelled my subscription but was charged again this month."),
       ("Your membership has been cancelled; you can keep using the benefits until the end of this billing period.",
        "I'm sorry about that. The cancellation came in after the billing date, so I've refunded this month's fee."),
       ("Thank you.",),
       ("You're welcome.",),
       ("Retention offer declined.",),
       ("Call summary: membership cancelled at the customer's request.",)),
    _s("address_en", "en", "shop", "배송지 변경", ("address-change",), "order", 3,
       ("Change delivery address", "Wrong address on my order"),
       ("I entered the wrong apartment number for order {order}. It should be unit 1203.",
        "Could you send order {order} to my office instead? Address: 123 Teheran-ro, Gangnam-gu, Seoul."),
       ("The order hadn't shipped yet, so I've updated the address.",
        "The parcel is already with the courier; I've asked them to redirect it."),
       ("Will it still arrive on time?",),
       ("Yes, the delivery date doesn't change.",),
       ("Courier address change requested.",),
       ("Call summary: address change for {order}, done.",)),
)

GENERIC = {
    "ko": {
        "greet": ("안녕하세요, {name} 고객님. {team} 상담원 {agent}입니다. ",
                  "안녕하세요 {name} 고객님, {agent}입니다. 문의 주셔서 감사합니다. ",
                  "{name} 고객님, 안녕하세요. 기다려 주셔서 감사합니다. {team} {agent}입니다. "),
        "thanks": ("네, 확인했습니다. 빠른 답변 감사합니다!", "친절하게 안내해 주셔서 감사합니다.",
                   "알겠습니다. 처리되면 문자로 알려주세요.", "해결됐어요. 감사합니다 :)", "네 이해했습니다. 수고하세요."),
        "close": ("추가로 궁금하신 점이 있으시면 언제든지 문의해 주세요. 오늘도 좋은 하루 보내세요.",
                  "요청하신 건은 처리 완료되었습니다. 이용해 주셔서 감사합니다.",
                  "더 도와드릴 일이 있으면 이 메시지에 회신해 주세요. 감사합니다."),
        "nudge": ("혹시 확인 가능할까요? 답변 기다리고 있습니다.", "아직 답변을 못 받아서 다시 문의드립니다. 빠른 확인 부탁드려요.",
                  "오늘 중으로 처리 가능할까요?"),
        "callback": ("[콜백 요청] 고객님이 ARS 대기 중 콜백을 요청했습니다. 회신 번호: {phone}. 문의 유형: {topic}",
                     "[부재중 전화] {phone} 번호로 상담 요청이 들어왔습니다. ARS 선택 메뉴: {topic}"),
        "note": ("고객 응대 이력 확인함. 동일 문의 재접수 건.", "팀장님 확인 요청드립니다.", "고객 감정 격앙됨 — 정중하게 응대 필요."),
        "pii": (" 카드번호는 {card} 입니다.", " 본인 확인용으로 주민번호 {rrn} 남깁니다.", " 제 카드번호 {card} 로 확인해 주세요."),
        "csat": ("친절하고 빠른 상담 감사합니다.", "설명이 이해하기 쉬웠어요.", "처리가 너무 늦었습니다.",
                 "상담원분이 정말 친절하셨어요!", "같은 말을 여러 번 해야 했어요."),
        "followup": ("{name} 고객님 {topic} 처리 결과 안내", "{name} 고객님께 회신 전화 ({topic})", "#{number} 진행 상황 확인"),
    },
    "en": {
        "greet": ("Hello {name}, this is {agent} from the {team_en}. ", "Hi {name}, thanks for reaching out. ",
                  "Dear {name}, thank you for your patience. "),
        "thanks": ("Thanks, that's very helpful!", "Great, that solved it. Thank you.", "OK, please keep me posted."),
        "close": ("Is there anything else I can help you with? Have a great day.",
                  "I'll close this ticket now; just reply if you need anything else.", "Thank you for contacting us."),
        "nudge": ("Any update on this?", "Following up: I still haven't heard back.", "Could someone please look at this today?"),
        "callback": ("[Callback request] The customer asked to be called back on {phone}. Topic: {topic}",),
        "note": ("Customer prefers email.", "Escalated to the team lead for approval."),
        "pii": (" My card number is {card}.", " Card: {card}"),
        "csat": ("Quick and friendly, thanks!", "Took too long to get an answer.", "Very clear explanation."),
        "followup": ("Update {name} on {topic}", "Call {name} back about {topic}", "Check progress on #{number}"),
    },
}

KO_MONTHS = ("1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월", "10월", "11월", "12월")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")

# Knowledge base: (title, category, tags, language, body).
# Agents' own procedures and guidelines: marked internal (a public reply asks before quoting one).
INTERNAL_ARTICLES = frozenset({
    "이중 결제(중복 승인) 처리 절차", "해외 부정 사용 의심 시 대응", "배송 지연 시 응대 가이드",
    "개인정보(카드번호·주민번호) 취급 주의사항", "VIP 고객 응대 원칙", "콜백 예약 처리 방법", "고객 불만 에스컬레이션 기준",
})

ARTICLES = (
    ("카드 한도 조회 방법", "카드 한도", ["한도", "카드"], "ko",
     "앱 또는 홈페이지에서 [카드 > 한도 조회] 메뉴를 선택하면 총 한도, 사용 금액, 사용 가능 한도를 실시간으로 확인할 수 있습니다.\n"
     "상담 시에는 본인 확인 후 카드 끝자리 4자리로 카드를 특정하고, 총 한도와 사용 가능 한도를 함께 안내합니다.\n"
     "할부 결제는 총 결제 금액만큼 한도가 차감되며 매월 납부액만큼 복원됩니다."),
    ("How to reset your password", "회원정보", ["password", "login"], "en",
     "1. On the login screen choose 'Forgot password'.\n2. Enter your registered email address or mobile number.\n"
     "3. Open the link we send you within 30 minutes and choose a new password.\n"
     "If no message arrives, check the spam folder; agents can resend the link after verifying the customer's identity."),
    ("환불 절차 안내", "환불/반품", ["환불"], "ko",
     "1. 반품 접수: 고객센터 또는 앱 [주문 내역 > 반품 신청]\n2. 회수: 접수 후 1~2영업일 내 택배 기사 방문\n"
     "3. 검수: 물류센터 입고 후 1~2영업일\n4. 환불: 검수 완료 후 3영업일 이내 결제 수단으로 환불 (카드 취소 반영은 카드사에 따라 "
     "3~7영업일)\n"
     "상품 하자·오배송은 반품 배송비를 당사가 부담합니다."),
    ("How to check your available credit limit", "카드 한도", ["card-limit", "한도"], "en",
     "Open the app and go to Cards > Credit limit. The screen shows the total limit, the amount used and what is available now.\n"
     "Instalment purchases reduce the available limit by the full amount; it is restored as instalments are paid."),
    ("일시 한도 상향 신청 안내", "카드 한도", ["한도", "한도상향"], "ko",
     "해외여행, 경조사 등 일시적으로 한도가 필요한 경우 최대 30일간 한도 상향을 신청할 수 있습니다.\n"
     "심사는 1~2영업일 소요되며 결과는 문자로 안내됩니다. 연체 이력이 있는 경우 상향이 제한될 수 있습니다."),
    ("Refund policy and timelines", "환불/반품", ["refund", "환불"], "en",
     "Returns are collected within two business days of the request. After inspection (1–2 business days) the refund is issued "
     "to the original payment method; card refunds take 3–5 business days to appear. "
     "We cover return shipping for defective or wrong items."),
    ("영구 한도 상향 심사 기준", "카드 한도", ["한도", "한도상향"], "ko",
     "영구 한도 상향은 소득 증빙 서류(근로소득 원천징수영수증, 소득금액증명원 등) 제출 후 심사합니다.\n"
     "신용점수, 최근 6개월 이용 실적, 연체 여부를 함께 평가하며 거절 시 3개월 후 재신청할 수 있습니다."),
    ("Tracking a delayed delivery", "배송", ["shipping", "배송지연"], "en",
     "Give the customer the tracking number from the order screen. If tracking has not moved for 3 days, open a courier trace "
     "and offer 3,000 points as an apology. Orders that have not shipped yet can be cancelled and refunded at once."),
    ("결제 취소 반영 기간 안내", "결제 취소", ["결제취소", "billing"], "ko",
     "가맹점에서 취소한 결제는 카드사 반영까지 영업일 기준 3~5일이 걸립니다.\n"
     "결제일 전에 반영되면 청구되지 않고, 이후 반영되면 다음 달 청구 금액에서 차감됩니다.\n"
     "가맹점이 취소에 응하지 않으면 이의제기를 접수합니다 (결과 약 2주)."),
    ("Disputing an unknown charge", "결제 오류", ["billing"], "en",
     "If the customer does not recognise a charge, block the card first, then open a dispute with the merchant name, date and amount. "
     "A replacement card is mailed within 5 business days. Disputed amounts are not billed while the dispute is open."),
    ("이중 결제(중복 승인) 처리 절차", "결제 오류", ["이중결제", "billing"], "ko",
     "동일 가맹점·동일 금액 승인이 두 건이면 승인 내역에서 취소 여부를 먼저 확인합니다.\n"
     "취소되지 않은 중복 승인은 VAN사 확인 후 당일 취소 처리하고, 처리 완료 문자가 발송됨을 안내합니다."),
    ("Cancelling a membership", "구독", ["subscription", "billing"], "en",
     "Memberships can be cancelled any time under My page > Membership. Benefits last until the end of the billing period. "
     "If the customer has not used any benefit this month, the current month's fee may be refunded."),
    ("카드 분실·도난 신고 방법", "분실/도난", ["분실", "카드"], "ko",
     "분실 신고는 24시간 가능하며 신고 즉시 카드 사용이 정지됩니다.\n"
     "재발급 카드는 3~5영업일 내 등록 주소로 배송되고, 정기결제는 새 카드 번호로 변경해야 합니다.\n"
     "부정 사용이 의심되면 보상팀으로 이관합니다."),
    ("Reporting a lost or stolen card", "분실/도난", ["lost-card"], "en",
     "Lost or stolen cards can be reported 24/7 by phone, chat or in the app. The card is blocked immediately and a replacement "
     "is mailed within 3–5 business days. Suspicious transactions are passed to the fraud team."),
    ("해외 부정 사용 의심 시 대응", "분실/도난", ["분실", "부정사용"], "ko",
     "해외 결제 알림을 받았는데 본인이 결제하지 않았다면 즉시 카드를 정지하고 부정 사용 신고서를 접수합니다.\n"
     "조사 기간(약 2~4주) 동안 해당 금액은 청구가 유예됩니다."),
    ("Changing your delivery address", "배송지 변경", ["address-change"], "en",
     "Before shipping, the address can be changed directly on the order. Once shipped, ask the courier to redirect the parcel; "
     "this is not always possible."),
    ("재발급 카드 배송 안내", "분실/도난", ["카드", "재발급"], "ko",
     "재발급 카드는 등기우편으로 3~5영업일 내 배송되며, 수령 후 앱에서 카드 등록을 해야 사용할 수 있습니다.\n"
     "배송지는 상담원이 본인 확인 후 변경할 수 있습니다."),
    ("Exchanging an item", "교환", ["exchange"], "en",
     "Exchanges for size or colour are free within 14 days of delivery. The courier collects the original item and the replacement "
     "ships once stock is confirmed."),
    ("대출 중도상환 수수료 안내", "대출", ["대출", "상환"], "ko",
     "중도상환 수수료는 상환 금액 × 수수료율(최대 1.2%) × 잔여기간/대출기간으로 계산됩니다.\n"
     "대출 실행 후 3년이 지나면 면제됩니다. 일부 상환은 앱 [대출 > 중도상환]에서 신청합니다."),
    ("Setting up two-step verification", "회원정보", ["password", "security"], "en",
     "Go to Settings > Security > Two-step verification and choose text message or authenticator app. "
     "Customers who lose their phone can disable it after identity verification by an agent."),
    ("금리인하요구권 신청 방법", "대출", ["대출", "금리"], "ko",
     "취업, 승진, 소득 증가, 신용점수 상승 등 신용 상태가 개선되면 금리 인하를 요구할 수 있습니다.\n"
     "앱 또는 영업점에서 신청하며 10영업일 내 결과를 안내합니다."),
    ("Earning and using points", "포인트", ["points"], "en",
     "Purchase points are added 7 days after delivery. Points can be used from 1,000 points and expire after 24 months."),
    ("배송 지연 시 응대 가이드", "배송", ["배송지연", "배송"], "ko",
     "1. 운송장 번호로 배송 상태 확인\n2. 3일 이상 이동이 없으면 택배사 추적 요청\n3. 지연 사과와 함께 적립금 3,000원 지급 가능\n"
     "4. 출고 전이면 즉시 취소·환불 가능함을 안내\n선물용 등 긴급 건은 우선 배송 요청을 남깁니다."),
    ("Troubleshooting the mobile app", "앱 오류", ["mobile-app", "bug"], "en",
     "Ask for the device model and OS version. Reinstalling the app fixes most start-up crashes. "
     "If an error code is shown (E-xxxx), record it in an internal note and file a bug with the app team."),
    ("운송장 조회 방법", "배송", ["배송"], "ko",
     "앱 [주문 내역 > 배송 조회]에서 운송장 번호와 택배사 위치를 확인할 수 있습니다.\n"
     "택배사 홈페이지에서 운송장 번호로도 조회 가능합니다."),
    ("Handling duplicate charges", "결제 오류", ["billing"], "en",
     "Check whether one of the two authorisations has already been reversed. If not, ask the payment processor to reverse it the same day "
     "and tell the customer a confirmation text will follow."),
    ("반품 배송비 부담 기준", "환불/반품", ["환불", "반품"], "ko",
     "단순 변심: 고객 부담(왕복 6,000원)\n상품 하자·오배송: 당사 부담\n무료배송 멤버십 회원은 월 2회까지 반품 배송비 면제."),
    ("Requesting a temporary limit increase", "카드 한도", ["card-limit"], "en",
     "Temporary increases last up to 30 days and are reviewed within one business day. "
     "Customers with recent late payments may not qualify."),
    ("교환 신청 방법", "교환", ["교환"], "ko",
     "배송 완료 후 14일 이내 앱 [주문 내역 > 교환 신청]에서 신청할 수 있습니다.\n"
     "사이즈·색상 교환은 재고 확인 후 진행되며, 회수와 동시에 새 상품이 발송됩니다."),
    ("출고 전 배송지 변경", "배송지 변경", ["주소변경"], "ko",
     "출고 전 주문은 상담원이 바로 배송지를 변경할 수 있습니다. 출고 후에는 택배사에 주소 변경을 요청하며, "
     "변경이 안 될 수 있음을 안내합니다."),
    ("비밀번호 재설정 방법", "회원정보", ["비밀번호", "로그인"], "ko",
     "로그인 화면의 [비밀번호 찾기]에서 휴대폰 또는 이메일 인증 후 새 비밀번호를 설정합니다.\n"
     "인증 문자가 오지 않으면 스팸 문자함을 확인하도록 안내하고, 상담원은 본인 확인 후 재설정 링크를 재발송할 수 있습니다."),
    ("계정 잠금 해제 절차", "회원정보", ["로그인", "보안"], "ko",
     "비밀번호 5회 오류 시 계정이 잠깁니다. 본인 확인(휴대폰 인증) 후 상담원이 잠금을 해제하고 비밀번호 재설정을 안내합니다.\n"
     "짧은 기간 반복 잠금은 보안팀에 확인을 요청합니다."),
    ("2단계 인증 설정", "회원정보", ["보안"], "ko",
     "[설정 > 보안 > 2단계 인증]에서 문자 또는 인증 앱 방식을 선택할 수 있습니다. 휴대폰 분실 시 본인 확인 후 해제할 수 있습니다."),
    ("포인트 적립 기준과 소멸 안내", "포인트", ["포인트"], "ko",
     "구매 포인트는 배송 완료 7일 후 적립되며, 적립일로부터 24개월이 지나면 소멸됩니다.\n"
     "1,000점 이상부터 현금처럼 사용할 수 있고 소멸 30일 전 문자로 안내합니다."),
    ("멤버십 해지 및 환불 규정", "구독", ["구독해지", "billing"], "ko",
     "멤버십은 [마이페이지 > 멤버십]에서 언제든 해지할 수 있으며 혜택은 결제 기간 말까지 유지됩니다.\n"
     "해당 월 혜택을 사용하지 않은 경우 당월 요금을 환불할 수 있습니다."),
    ("앱 오류 발생 시 기본 조치", "앱 오류", ["앱오류", "bug"], "ko",
     "1. 앱 최신 버전 확인\n2. 앱 삭제 후 재설치\n3. 기기 모델·OS 버전·오류 코드 확인 후 내부 메모로 기록\n"
     "4. 해결되지 않으면 개발팀에 버그 등록 (APP-xxxx)"),
    ("개인정보(카드번호·주민번호) 취급 주의사항", "보안", ["개인정보", "보안"], "ko",
     "고객이 채팅·이메일로 카드번호나 주민등록번호를 보내면 화면에는 자동으로 마스킹되어 표시됩니다.\n"
     "상담원은 전체 번호를 다시 요청하거나 메모에 옮겨 적지 않습니다. 본인 확인은 생년월일과 휴대폰 인증으로 합니다."),
    ("VIP 고객 응대 원칙", "응대 가이드", ["vip"], "ko",
     "VIP·골드 등급 고객은 전담 상담원 배정을 우선하며, 불만 건은 당일 팀장에게 에스컬레이션합니다.\n"
     "통화 대기 없이 콜백을 약속한 경우 반드시 후속 작업(follow-up)을 등록합니다."),
    ("콜백 예약 처리 방법", "응대 가이드", ["콜백"], "ko",
     "ARS 대기 중 콜백 요청은 자동으로 티켓이 생성됩니다. 담당자는 약속 시간 안에 전화하고, 통화 후 통화 요약을 남깁니다.\n"
     "3회 연결 실패 시 문자로 안내 후 티켓을 보류 상태로 둡니다."),
    ("고객 불만 에스컬레이션 기준", "응대 가이드", ["불만"], "ko",
     "다음의 경우 팀장에게 에스컬레이션합니다: 금전 보상 요구, 동일 문의 3회 이상 재접수, 언론·소송 언급, 욕설이나 위협.\n"
     "에스컬레이션 시 내부 메모에 경위를 요약합니다."),
)

# Reply templates: (title, shortcut, category, language, body, macro, prompts).
# Korean shortcuts start with '/', English ones with ';' (Tab expands them in the composer);
# prompts are asked on insert ({{ input.name }}); macros change the ticket after a confirmation.
_REFUND_REASONS = ["단순 변심", "상품 불량", "오배송", "배송 지연"]
TemplateSpec = tuple[str, str, str, str, str, dict[str, Any], list[dict[str, Any]]]
TEMPLATES: tuple[TemplateSpec, ...] = (
    ("첫 인사", "/인사", "응대 가이드", "ko",
     "안녕하세요, {{ customer.name }} 고객님. {{ agent.team }} {{ agent.name }}입니다.\n문의하신 내용 확인 후 바로 안내드리겠습니다.",
     {}, []),
    ("환불 접수 안내", "/환불", "환불/반품", "ko",
     "안녕하세요, {{ customer.name }} 고객님.\n주문번호 {{ order.number }}({{ order.item_name }})의 환불 {{ input.amount | won }} "
     "접수가 완료되었습니다. (사유: {{ input.reason }})\n상품 회수 및 검수 후 영업일 기준 3일 이내에 결제 수단으로 환불됩니다.\n\n"
     "{{ agent.name }} 드림",
     {"status": "pending", "add_tags": ["환불"],
      "follow_up": {"in_hours": 72, "title": "{{ customer.name }} 환불 처리 확인 (#{{ ticket.number }})"}},
     [{"name": "amount", "label": "환불 금액", "type": "amount", "required": True},
      {"name": "reason", "label": "환불 사유", "type": "choice", "required": True, "choices": _REFUND_REASONS}]),
    ("배송 지연 사과", "/배송", "배송", "ko",
     "{{ customer.name }} 고객님, 주문하신 {{ order.item_name }}({{ order.number }})의 배송이 늦어져 불편을 드려 죄송합니다.\n"
     "택배사에 우선 배송을 요청해 두었으며, 사과의 뜻으로 적립금 3,000원을 지급해 드렸습니다.",
     {"add_tags": ["배송지연"], "follow_up": {"in_hours": 24, "title": "{{ order.number }} 배송 재확인"}}, []),
    ("한도 조회 결과", "/한도", "카드 한도", "ko",
     "{{ customer.name }} 고객님, {{ today | kdate }} 기준 {{ card.name }}(끝자리 {{ card.account_last4 }}) 한도 조회 결과를 "
     "안내드립니다.\n총 한도: {{ card.limit_amount | won }}\n사용 가능 한도: {{ card.available_limit | won }}\n"
     "앱의 [카드 > 한도 조회]에서도 확인하실 수 있습니다.",
     {"add_tags": ["한도"]}, []),
    ("비밀번호 재설정 안내", "/비번", "회원정보", "ko",
     "{{ customer.name }} 고객님, 등록된 이메일로 비밀번호 재설정 링크를 보내드렸습니다. 링크는 30분간 유효합니다.\n"
     "메일이 보이지 않으면 스팸함을 확인해 주세요.", {}, []),
    ("분실 신고 완료", "/분실", "분실/도난", "ko",
     "{{ customer.name }} 고객님, 카드 분실 신고 및 사용 정지가 완료되었습니다. 재발급 카드는 3~5영업일 내 등록 주소로 배송됩니다.",
     {"priority": "high", "add_tags": ["분실"]}, []),
    ("추가 정보 요청", "/정보", "응대 가이드", "ko",
     "{{ customer.name }} 고객님, 정확한 확인을 위해 주문번호와 결제하신 날짜를 알려주시겠어요?\n"
     "※ 카드번호 전체나 주민등록번호는 보내지 마세요.", {"status": "pending"}, []),
    ("콜백 예약 안내", "/콜백", "응대 가이드", "ko",
     "{{ customer.name }} 고객님, 요청하신 대로 {{ input.when | kdatetime }}에 {{ customer.phone }}(으)로 다시 연락드리겠습니다.\n"
     "{{ agent.name }} 드림",
     {"status": "pending", "add_tags": ["콜백"],
      "follow_up": {"at_prompt": "when", "kind": "callback", "title": "{{ customer.name }} 콜백 (#{{ ticket.number }})"}},
     [{"name": "when", "label": "콜백 시각", "type": "datetime", "required": True}]),
    ("종료 인사", "/끝", "응대 가이드", "ko",
     "문의해 주셔서 감사합니다. 추가로 궁금하신 점이 있으시면 언제든지 연락 주세요.\n{{ agent.name }} 드림",
     {"status": "solved"}, []),
    ("Refund confirmation", ";refund", "환불/반품", "en",
     "Hello {{ customer.name }},\nYour refund of {{ input.amount | krw }} for order {{ order.number }} has been approved. "
     "Card refunds take 3–5 business days to appear on your statement.\n\nBest regards,\n{{ agent.name }}",
     {"add_tags": ["refund"], "status": "pending",
      "follow_up": {"in_days": 3, "title": "Check refund for {{ customer.name }} (#{{ ticket.number }})"}},
     [{"name": "amount", "label": "Refund amount", "type": "amount", "required": True}]),
    ("Password reset", ";password", "회원정보", "en",
     "Hi {{ customer.name }},\nI've sent a password reset link to your registered email address. It is valid for 30 minutes.\n"
     "{{ agent.name }}", {}, []),
    ("Delivery delay apology", ";delay", "배송", "en",
     "Hi {{ customer.name }},\nI'm sorry your order {{ order.number }} is late. I've asked the courier to prioritise it and added "
     "3,000 points to your account.\n{{ agent.name }}", {"add_tags": ["shipping"]}, []),
    ("Callback booked", ";callback", "응대 가이드", "en",
     "Hi {{ customer.name }},\nAs agreed, I will call you back at {{ input.when | localtime }} (Korea time).\n"
     "{{ agent.name }}",
     {"status": "pending", "follow_up": {"at_prompt": "when", "kind": "callback", "title": "Call back {{ customer.name }}"}},
     [{"name": "when", "label": "Callback time", "type": "datetime", "required": True}]),
)
