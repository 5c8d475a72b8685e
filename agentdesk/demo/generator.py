"""Demo workspace: realistic, bilingual (Korean first) contact-centre data at any size.

``generate()`` fills an empty workspace with teams, agents, customers (with contact
points, products with limits, orders with items), tickets with whole conversations,
tags, feedback, follow-ups, knowledge articles and reply templates. The same
(customers, tickets, seed, now) always gives the same rows, UUIDs included, whatever
the backend or the number of worker processes: every batch draws from its own
``random.Random`` seeded from (seed, stage, batch number).

It is built to make a million-ticket workspace in minutes with bounded memory:
rows are produced in batches of 5,000 and written with executemany, one transaction
per batch; only a compact summary of the customers (ids, names, card and orders)
is kept for the ticket stage. On SQLite the rows are written through the raw
``sqlite3`` connection in exactly the form SQLAlchemy itself stores (UUIDs as 32 hex
digits, UTC datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff'); elsewhere through SQLAlchemy
Core. Large runs generate in worker processes while the main process writes.

Plain Python: no Qt here (the CLI, ``make run`` and the benchmarks all use it).
"""

from __future__ import annotations

import bisect
import math
import os
import pickle
import random
import subprocess
import sys
import uuid
from array import array
from dataclasses import dataclass, field
from datetime import datetime, timedelta, UTC
from pathlib import Path
from typing import TYPE_CHECKING
from collections.abc import Callable

from sqlalchemy import select, text

from agentdesk.models import (
    ORDER_STATUSES,
    PRIORITY_RANK,
    Agent,
    ContactPoint,
    Customer,
    Feedback,
    FollowUp,
    KnowledgeArticle,
    Message,
    Order,
    OrderItem,
    Product,
    Team,
    Template,
    Ticket,
    TicketTag,
    WorkspaceSetting,
)
from agentdesk.services import textsearch
from agentdesk.services.common import CURRENT_AGENT_KEY, sla_due_times, sla_next_due
from agentdesk.services.customers import normalize_email, normalize_phone
from agentdesk.services.tickets import FTS_SEQ_BITS

if TYPE_CHECKING:  # the worker processes need not import alembic
    from agentdesk.db import Database

Progress = Callable[[str, int, int], None]

BATCH = 5000  # customers or tickets per batch (fixed: part of what makes output deterministic)
MIN, HOUR, DAY = 60, 3600, 86400
ORDER_NUMBER_STRIDE = 8  # order j of customer k is ORD-<year>-<k*8+j+1>: unique, no counter to share
# ensure_demo_workspace(): about 4 s on a 2-core laptop (20,000 tickets took 5-6 s).
DEMO_CUSTOMERS, DEMO_TICKETS = 2000, 15000

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
assert max(n for n, _ in ORDER_COUNTS) < ORDER_NUMBER_STRIDE

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
       ("카드 한도 조회 부탁드립니다", "사용 가능한 한도가 궁금합니다", "신용카드 잔여 한도 문의 (끝자리 {last4})", "한도 조회가 앱에서 안 돼요"),
       ("안녕하세요. 끝자리 {last4} 신용카드 현재 사용 가능한 한도가 얼마인지 알고 싶습니다. 다음 주에 큰 결제가 있어서요.",
        "카드 한도가 얼마 남았는지 확인 부탁드려요. 앱에서 한도 조회를 누르면 오류가 나네요.",
        "이번 달 결제 예정 금액이랑 남은 한도 좀 알려주세요. 끝자리 {last4} 카드입니다.",
        "{merchant}에서 결제하려는데 한도 초과라고 나옵니다. 한도가 얼마나 남았나요?"),
       ("끝자리 {last4} 카드의 총 한도는 {limit}이며, 현재 사용 가능한 한도는 {avail}입니다.",
        "조회 결과 총 한도 {limit} 중 {used}을 사용하셔서 잔여 한도는 {avail}입니다. 앱의 [카드 > 한도 조회] 메뉴에서도 실시간으로 확인하실 수 있습니다."),
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
       ("확인해 보니 {order} 주문은 물류센터 물량 증가로 출고가 지연되고 있습니다. 운송장 번호는 {tracking}이며, {days}일 내 도착 예정입니다. 불편을 드려 죄송합니다.",
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
        "I checked your account: the payment was declined because the available limit was {avail_en}. A temporary increase up to {limit2_en} is possible after a short review."),
       ("Thanks. How long does a temporary increase take?", "Can you also tell me my statement date?"),
       ("Temporary increases are usually reviewed within one business day; you will get a text message with the result.",
        "Your statement is issued on the 14th of every month."),
       ("Temporary limit request forwarded to credit review.",),
       ("Call summary: customer asked about the available limit on card ending {last4}; explained total {limit_en}, available {avail_en}.",)),
    _s("billing_en", "en", "card", "결제 오류", ("billing",), "card", 8,
       ("Charged twice", "Unknown charge on my statement", "Payment cancellation"),
       ("I was charged {amount_en} twice at {merchant} on {date_en}.",
        "There's a charge of {amount_en} I don't recognise on my card ending {last4}.",
        "I cancelled my purchase at {merchant} but the charge of {amount_en} is still there."),
       ("I can see two authorisations; one of them has already been reversed, so you'll only be billed once.",
        "For your safety I've blocked the card ending {last4} and opened a dispute. A replacement card will be mailed within 5 business days.",
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
       ("Your returned item arrived at our warehouse on {date_en}. The refund of {total_en} was issued today; card refunds take 3–5 business days to appear.",
        "I'm sorry about that. I've started a return for order {order}; a courier will pick up the item within two days and {total_en} will be refunded once it's inspected.",
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
        "The courier reports a delivery attempt yesterday. They will try again tomorrow; you can also pick it up at the local depot with tracking number {tracking}."),
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
     "3. 검수: 물류센터 입고 후 1~2영업일\n4. 환불: 검수 완료 후 3영업일 이내 결제 수단으로 환불 (카드 취소 반영은 카드사에 따라 3~7영업일)\n"
     "상품 하자·오배송은 반품 배송비를 당사가 부담합니다."),
    ("How to check your available credit limit", "카드 한도", ["card-limit", "한도"], "en",
     "Open the app and go to Cards > Credit limit. The screen shows the total limit, the amount used and what is available now.\n"
     "Instalment purchases reduce the available limit by the full amount; it is restored as instalments are paid."),
    ("일시 한도 상향 신청 안내", "카드 한도", ["한도", "한도상향"], "ko",
     "해외여행, 경조사 등 일시적으로 한도가 필요한 경우 최대 30일간 한도 상향을 신청할 수 있습니다.\n"
     "심사는 1~2영업일 소요되며 결과는 문자로 안내됩니다. 연체 이력이 있는 경우 상향이 제한될 수 있습니다."),
    ("Refund policy and timelines", "환불/반품", ["refund", "환불"], "en",
     "Returns are collected within two business days of the request. After inspection (1–2 business days) the refund is issued "
     "to the original payment method; card refunds take 3–5 business days to appear. We cover return shipping for defective or wrong items."),
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
     "Temporary increases last up to 30 days and are reviewed within one business day. Customers with recent late payments may not qualify."),
    ("교환 신청 방법", "교환", ["교환"], "ko",
     "배송 완료 후 14일 이내 앱 [주문 내역 > 교환 신청]에서 신청할 수 있습니다.\n"
     "사이즈·색상 교환은 재고 확인 후 진행되며, 회수와 동시에 새 상품이 발송됩니다."),
    ("출고 전 배송지 변경", "배송지 변경", ["주소변경"], "ko",
     "출고 전 주문은 상담원이 바로 배송지를 변경할 수 있습니다. 출고 후에는 택배사에 주소 변경을 요청하며, 변경이 안 될 수 있음을 안내합니다."),
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
TEMPLATES = (
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


# =============================================================================
# Small helpers
# =============================================================================
_V4_CLEAR = ~((0xC000 << 48) | (0xF000 << 64)) & ((1 << 128) - 1)
_V4_SET = (0x8000 << 48) | (4 << 76)


def _uid(rng: random.Random) -> int:
    """The int of uuid.UUID(int=rng.getrandbits(128), version=4)."""
    return (rng.getrandbits(128) & _V4_CLEAR) | _V4_SET


def _rng(seed: int, stage: str, batch: int) -> random.Random:
    return random.Random(f"agentdesk-demo:{seed}:{stage}:{batch}")


# random.randrange/randint/choice are pure Python and dominate a million-ticket run;
# these draw from rng.random() (C) instead. Same determinism, about 5x cheaper.
def _pick(rng: random.Random, seq):
    return seq[int(rng.random() * len(seq))]


def _ri(rng: random.Random, a: int, b: int) -> int:
    """Like randint: a <= n <= b."""
    return a + int(rng.random() * (b - a + 1))


def _rr(rng: random.Random, n: int) -> int:
    """Like randrange(n): 0 <= r < n."""
    return int(rng.random() * n)


class _Weighted:
    __slots__ = ("items", "cum", "total")

    def __init__(self, pairs):
        self.items = [p[0] for p in pairs]
        self.cum, acc = [], 0.0
        for p in pairs:
            acc += p[-1]
            self.cum.append(acc)
        self.total = acc

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


W_FAMILY = _Weighted([(i, f[2]) for i, f in enumerate(FAMILY)])
W_SEGMENT = _Weighted(SEGMENTS)
W_TIER = _Weighted(list(zip(range(4), TIER_WEIGHTS)))
W_ORDERS = _Weighted(ORDER_COUNTS)
W_ITEMS = _Weighted(ORDER_ITEM_COUNTS)
W_CHANNEL = {"ko": _Weighted(CHANNEL_WEIGHTS_KO), "en": _Weighted(CHANNEL_WEIGHTS_EN)}
W_PRIORITY = _Weighted(PRIORITY_WEIGHTS)
W_SCEN = {"ko": _Weighted([(s, s.weight) for s in SCENARIOS_KO]), "en": _Weighted([(s, s.weight) for s in SCENARIOS_EN])}
SCEN_BY_GROUP = {
    (lang, g): _Weighted([(s, s.weight) for s in sc if s.group == g or (g == "card" and s.group == "account")])
    for lang, sc in (("ko", SCENARIOS_KO), ("en", SCENARIOS_EN)) for g in ("card", "shop")
}


def _won(x: int) -> str:
    return f"{x:,}원"


def _won_en(x: int) -> str:
    return f"₩{x:,}"


def _rrn(rng: random.Random) -> str:
    y, m, d = _ri(rng, 60, 99), _ri(rng, 1, 12), _ri(rng, 1, 28)
    return f"{y:02d}{m:02d}{d:02d}-{_pick(rng, '12')}{_ri(rng, 0, 999999):06d}"


# Column order of the rows each stage produces: every column of the table except the
# constants (rev 0, not deleted), which the writers add.
CUSTOMER_COLS = ("id", "updated_at", "name", "language", "segment", "vip_tier", "notes",
                 "lifetime_value", "created_at")
CONTACT_COLS = ("id", "updated_at", "customer_id", "kind", "value", "normalized", "label", "is_primary")
PRODUCT_COLS = ("id", "updated_at", "customer_id", "kind", "name", "account_last4", "status",
                "limit_amount", "used_amount", "opened_at")
ORDER_COLS = ("id", "updated_at", "number", "customer_id", "status", "total", "currency", "ordered_at")
ITEM_COLS = ("id", "updated_at", "order_id", "sku", "name", "quantity", "unit_price")
TICKET_COLS = ("id", "updated_at", "number", "subject", "channel", "status", "priority", "priority_rank",
               "category", "customer_id", "assignee_id", "team_id", "order_id", "created_at", "sla_first_response_due",
               "sla_resolution_due", "sla_next_due", "first_response_at", "solved_at", "reopen_count", "message_count",
               "tags_text", "merged_into_id")
MESSAGE_COLS = ("id", "updated_at", "ticket_id", "direction", "kind", "channel", "body",
                "author_agent_id", "author_name", "created_at", "external_id")
TAG_COLS = ("id", "updated_at", "ticket_id", "tag")
FEEDBACK_COLS = ("id", "updated_at", "ticket_id", "customer_id", "kind", "score", "comment", "created_at")
FOLLOWUP_COLS = ("id", "updated_at", "agent_id", "ticket_id", "customer_id", "title", "notes", "kind",
                 "due_at", "status", "rrule", "tz", "remind_at", "completed_at", "ical_uid")
FTS_COLS = ("rowid", "doc")
CONSTANT_COLS = {"rev": 0, "deleted": False}

TABLES = {
    "customers": (Customer.__table__, CUSTOMER_COLS),
    "contact_points": (ContactPoint.__table__, CONTACT_COLS),
    "products": (Product.__table__, PRODUCT_COLS),
    "orders": (Order.__table__, ORDER_COLS),
    "order_items": (OrderItem.__table__, ITEM_COLS),
    "tickets": (Ticket.__table__, TICKET_COLS),
    "messages": (Message.__table__, MESSAGE_COLS),
    "ticket_tags": (TicketTag.__table__, TAG_COLS),
    "feedback": (Feedback.__table__, FEEDBACK_COLS),
    "follow_ups": (FollowUp.__table__, FOLLOWUP_COLS),
    "ticket_fts": (None, FTS_COLS),
}
CUSTOMER_TABLES = ("customers", "contact_points", "products", "orders", "order_items")
TICKET_TABLES = ("tickets", "messages", "ticket_tags", "feedback", "follow_ups", "ticket_fts")

# One string per second of the day, so raw SQLite datetimes cost a divmod and a lookup.
_TOD: list[str] | None = None


def _tod() -> list[str]:
    global _TOD
    if _TOD is None:
        _TOD = [f"{h:02d}:{m:02d}:{s:02d}.000000" for h in range(24) for m in range(60) for s in range(60)]
    return _TOD


def _make_converters(raw: bool):
    """(uid int → stored id, epoch seconds → stored datetime) for this writer."""
    if raw:
        tod = _tod()
        days: dict[int, str] = {}
        epoch = datetime(1970, 1, 1)

        def ts(t: int) -> str:
            d, r = divmod(t, DAY)
            s = days.get(d)
            if s is None:
                s = days[d] = (epoch + timedelta(days=d)).strftime("%Y-%m-%d ")
            return s + tod[r]

        return "%032x".__mod__, ts

    def ts_dt(t: int) -> datetime:
        return datetime.fromtimestamp(t, UTC)

    return (lambda n: uuid.UUID(int=n)), ts_dt


# =============================================================================
# The plan: everything the batch generators share (picklable, sent to workers)
# =============================================================================
@dataclass
class _AgentInfo:
    uid: int
    login: str
    name: str
    team: str  # card / shop / en
    role: str
    language: str


@dataclass
class _Plan:
    seed: int
    n_customers: int
    n_tickets: int
    now: int  # epoch seconds (UTC)
    raw: bool
    historic: int
    active: int
    phone_mul: int
    landline_mul: int
    cust_mul: int  # permutation multiplier for the skewed customer choice
    agents: list[_AgentInfo]
    team_uid: dict[str, int]
    assignable: dict[str, list[int]]
    current: int  # index into agents
    batch: int = BATCH
    overrides: dict[int, dict] = field(default_factory=dict)
    summary: list | None = None  # per customer batch, filled after the customer stage


def _phone_digits(plan: _Plan, k: int) -> str:
    """Customer k's mobile: a bijection of k onto 8 digits (customer 0 → 010-1234-5678)."""
    return f"010{(12345678 + k * plan.phone_mul) % 100_000_000:08d}"


def _fmt_mobile(d: str) -> str:
    return f"{d[:3]}-{d[3:7]}-{d[7:]}"


def _coprime_multiplier(rng: random.Random, modulus: int) -> int:
    if modulus <= 1:
        return 1
    m = _ri(rng, modulus // 3 + 1, modulus - 1) | 1
    while math.gcd(m, modulus) != 1:
        m += 2
    return m % modulus or 1


def _make_plan(n_customers: int, n_tickets: int, seed: int, n_agents: int, now: int, raw: bool) -> _Plan:
    rng = _rng(seed, "plan", 0)
    # Agents and their teams.
    n_en = max(1, round(n_agents / 6)) if n_agents >= 3 else 0
    rest = n_agents - n_en
    n_card = (rest + 1) // 2
    n_shop = rest - n_card
    team_of = ["card"] * n_card + ["shop"] * n_shop + ["en"] * n_en
    roles = ["agent"] * n_agents
    if n_agents >= 2:
        roles[0] = "lead"
    if n_agents >= 6:
        roles[n_card - 1] = "admin"
        roles[n_card + n_shop - 1] = "trainer"
    agents: list[_AgentInfo] = []
    used = set()
    for i in range(n_agents):
        if i < len(AGENT_NAMES):
            name, login = AGENT_NAMES[i]
        else:
            f, g = _pick(rng, FAMILY), _pick(rng, GIVEN)
            name, login = f[0] + g[0], f"{f[1]}.{g[1]}"
        base, n = login, 2
        while login in used:
            login, n = f"{base}{n}", n + 1
        used.add(login)
        agents.append(_AgentInfo(_uid(rng), login, name, team_of[i], roles[i], "en" if team_of[i] == "en" else "ko"))
    team_uid = {key: _uid(rng) for key, _ in TEAMS}
    takes = ("agent", "lead")
    everyone = [i for i, a in enumerate(agents) if a.role in takes] or list(range(n_agents))
    assignable = {key: [i for i, a in enumerate(agents) if a.team == key and a.role in takes] or everyone for key, _ in TEAMS}
    current = next((i for i, a in enumerate(agents) if a.role == "agent" and a.team == "card"),
                   next((i for i, a in enumerate(agents) if a.role == "agent"), 0))

    # Roughly 95% historic; at least a few dozen active tickets so every inbox view has rows.
    active = min(n_tickets, max(round(n_tickets * 0.05), 40))
    historic = n_tickets - active
    plan = _Plan(
        seed=seed, n_customers=n_customers, n_tickets=n_tickets, now=now, raw=raw, historic=historic, active=active,
        phone_mul=_coprime_multiplier(rng, 100_000_000), landline_mul=_coprime_multiplier(rng, 100_000_000),
        cust_mul=_coprime_multiplier(rng, max(n_customers - 1, 1)), agents=agents, team_uid=team_uid,
        assignable=assignable, current=current,
    )
    # Fixed tickets: the screen-pop customer (김민지, #0) across channels, and a full inbox for the signed-in agent.
    ov = plan.overrides
    if historic:
        for j, ch in enumerate(("phone", "email", "chat", "web", "sms")):
            i = (j * historic) // 5
            if i not in ov:
                ov[i] = {"customer": 0, "channel": ch}
    first = historic
    mine = {"agent": current, "lang": "ko"}
    extra = [
        dict(mine, status="open", sla="ok"),
        dict(mine, status="new", sla="breached"),
        dict(mine, status="open", sla="at_risk"),
        {"customer": 0, "channel": "chat", "status": "open", "sla": "ok", "agent": current, "pii": True},
        {"priority": "urgent", "status": "new", "unassigned": True, "sla": "at_risk"},
        {"status": "pending", "sla": "ok"},
        {"status": "new", "unassigned": True, "sla": "ok", "lang": "ko"},
    ]
    for j, o in enumerate(extra):
        if first + j < n_tickets:
            ov[first + j] = o
    return plan


# =============================================================================
# Customer stage
# =============================================================================
def _customer_batch(plan: _Plan, b: int):
    """Rows for customers [b*BATCH, ...) and the compact summary the ticket stage needs."""
    rng = _rng(plan.seed, "customers", b)
    U, T = _make_converters(plan.raw)
    now = plan.now
    lo, hi = b * plan.batch, min(plan.n_customers, (b + 1) * plan.batch)
    rows = {t: [] for t in CUSTOMER_TABLES}
    c_rows, cp_rows, p_rows, o_rows, i_rows = (rows[t] for t in CUSTOMER_TABLES)
    s_id, s_name, s_lang, s_tier, s_flags = [], [], bytearray(), bytearray(), bytearray()
    s_last4, s_limit, s_used, s_loan = array("i"), array("q"), array("q"), array("q")
    s_ooff, s_oid, s_ostat, s_oyear = array("i", [0]), [], bytearray(), array("H")
    s_oitem, s_ototal, s_ots = array("H"), array("q"), array("q")
    n_catalog = len(CATALOG)
    for k in range(lo, hi):
        cid_n = _uid(rng)
        cid = U(cid_n)
        special = k == 0
        en = (not special) and rng.random() < 0.15
        if special:
            fam, giv = FAMILY[0], GIVEN[0]
            name, lang = "김민지", "ko"
            rom_first, rom_last = "minji", "kim"
        elif en:
            first, last = _pick(rng, EN_FIRST), _pick(rng, EN_LAST)
            name, lang = f"{first} {last}", "en"
            rom_first, rom_last = first.lower(), last.lower()
        else:
            fam, giv = FAMILY[W_FAMILY.pick(rng)], _pick(rng, GIVEN)
            name, lang = fam[0] + giv[0], "ko"
            rom_first, rom_last = giv[1], fam[1]
        tier = 2 if special else W_TIER.pick(rng)
        segment = "premium" if tier >= 2 and rng.random() < 0.5 else W_SEGMENT.pick(rng)
        r = rng.random()
        notes = ""
        if special:
            notes = "골드 등급. 최근 환불 문의 이력 있음 — 통화 선호, 오후 6시 이후 연락 가능"
        elif r < 0.08:
            notes = _pick(rng, CUSTOMER_NOTES_EN if en else CUSTOMER_NOTES)
        created = now - _ri(rng, 800 * DAY, 9 * 365 * DAY)
        updated = now - _ri(rng, DAY, 700 * DAY)

        # Contact points: a unique mobile for everyone, most have an email, some a social handle.
        digits = _phone_digits(plan, k)
        cp_rows.append((U(_uid(rng)), T(updated), cid, "phone", _fmt_mobile(digits), normalize_phone(digits),
                        "mobile", True))
        if not special and rng.random() < 0.05:
            land = f"02{(k * plan.landline_mul + 3141592) % 100_000_000:08d}"
            cp_rows.append((U(_uid(rng)), T(updated), cid, "phone", f"02-{land[2:6]}-{land[6:]}", land, "work", False))
        if special or rng.random() < 0.85:
            if special:
                email = "minji.kim@example.com"
            else:
                style = rng.random()
                local = f"{rom_first}.{rom_last}{k}" if style < 0.6 else f"{rom_last}{rom_first}{k}"
                email = f"{local}@{_pick(rng, EMAIL_DOMAINS)}"
                if rng.random() < 0.1:
                    email = email[0].upper() + email[1:]  # as typed; lookups use the normalized form
            cp_rows.append((U(_uid(rng)), T(updated), cid, "email", email, normalize_email(email), "personal", True))
            if not special and rng.random() < 0.05:
                work = f"{rom_first}.{rom_last}{k}@corp.example.com"
                cp_rows.append((U(_uid(rng)), T(updated), cid, "email", work, normalize_email(work), "work", False))
        if special or rng.random() < 0.2:
            handle = f"{rom_first}_{rom_last}{k}" if not special else "minji_kim"
            if special or rng.random() < 0.6:
                value, label = f"kakao:{handle}", "kakao"
            else:
                value, label = f"@{handle}", "instagram"
            cp_rows.append((U(_uid(rng)), T(updated), cid, "social", value, value.lower(), label, True))

        # Products with limits.
        flags = 0
        last4, limit, used_amt, loan_bal = -1, 0, 0, 0
        big = 2 if tier >= 2 else 1
        if special or rng.random() < 0.75:
            flags |= 1
            last4 = 4821 if special else _rr(rng, 10000)
            limit = 10_000_000 if special else _ri(rng, 6, 40 // (3 - big)) * 500_000
            used_amt = 3_450_000 if special else int(limit * rng.random() * 0.85) // 1000 * 1000
            pname = CREDIT_CARDS[0] if special else _pick(rng, CREDIT_CARDS_EN if en else CREDIT_CARDS)
            status = "active" if rng.random() < 0.97 else "suspended"
            p_rows.append((U(_uid(rng)), T(updated), cid, "credit_card", pname, f"{last4:04d}", status, limit,
                           used_amt, T(created + _ri(rng, 0, 300 * DAY))))
        if special or rng.random() < 0.4:
            flags |= 2
            climit = _pick(rng, (2_000_000, 3_000_000, 5_000_000, 6_000_000))
            p_rows.append((U(_uid(rng)), T(updated), cid, "check_card", _pick(rng, CHECK_CARDS_EN if en else CHECK_CARDS),
                           f"{_rr(rng, 10000):04d}", "active", climit, _ri(rng, 0, climit // 10_000) * 1000,
                           T(created + _ri(rng, 0, 400 * DAY))))
        if special or rng.random() < 0.15:
            flags |= 4
            llimit = 30_000_000 if special else _ri(rng, 10, 300) * 1_000_000
            loan_bal = 12_500_000 if special else int(llimit * (0.1 + 0.9 * rng.random())) // 10_000 * 10_000
            p_rows.append((U(_uid(rng)), T(updated), cid, "loan", LOANS[0] if special else _pick(rng, LOANS),
                           f"{_rr(rng, 10000):04d}", "active", llimit, loan_bal, T(created + _ri(rng, 0, 500 * DAY))))
        if not special and rng.random() < 0.15:
            p_rows.append((U(_uid(rng)), T(updated), cid, "deposit", _pick(rng, DEPOSITS_EN if en else DEPOSITS),
                           f"{_rr(rng, 10000):04d}", "active", 0, _ri(rng, 10, 5000) * 10_000,
                           T(created + _ri(rng, 0, 600 * DAY))))
        if not special and rng.random() < 0.1:
            sname, fee = _pick(rng, SUBSCRIPTIONS)
            p_rows.append((U(_uid(rng)), T(updated), cid, "subscription", sname, "", "active", 0, fee,
                           T(now - _ri(rng, 30 * DAY, 700 * DAY))))

        # Orders with items; lifetime value counts what was not cancelled or refunded.
        n_orders = 4 if special else W_ORDERS.pick(rng)
        ltv = 0
        for j in range(n_orders):
            oid_n = _uid(rng)
            if special:
                age = (3 * DAY, 40 * DAY, 150 * DAY, 400 * DAY)[j]
            else:
                age = _ri(rng, 2 * HOUR, 730 * DAY)
            ots = now - age
            if age < 2 * DAY:
                ostatus = "paid" if rng.random() < 0.6 else "shipped"
            elif age < 6 * DAY:
                ostatus = "shipped" if rng.random() < 0.6 else "delivered"
            else:
                r = rng.random()
                ostatus = ("delivered" if r < 0.72 else "cancelled" if r < 0.8 else "returned" if r < 0.87
                           else "exchanged" if r < 0.92 else "refunded")
            if special:
                ostatus = ("shipped", "delivered", "refunded", "delivered")[j]
            year = (datetime(1970, 1, 1) + timedelta(seconds=ots)).year
            onum = f"ORD-{year}-{k * ORDER_NUMBER_STRIDE + j + 1:07d}"
            total = 0
            first_item = -1
            for _ in range(2 if special and j == 0 else W_ITEMS.pick(rng)):
                ci = _rr(rng, n_catalog)
                if first_item < 0:
                    first_item = ci
                iname, prefix, prices = CATALOG[ci]
                qty = 1 if rng.random() < 0.85 else _ri(rng, 2, 3)
                price = _pick(rng, prices)
                total += qty * price
                i_rows.append((U(_uid(rng)), T(ots), U(oid_n), f"{prefix}-{ci:03d}{_rr(rng, 1000):03d}",
                               iname, qty, price))
            if ostatus not in ("cancelled", "refunded"):
                ltv += total
            o_rows.append((U(oid_n), T(ots + _ri(rng, 60, 3 * DAY) if age > 3 * DAY else ots), onum, cid,
                           ostatus, total, "KRW", T(ots)))
            s_oid.append(oid_n)
            s_ostat.append(ORDER_STATUS_CODE[ostatus])
            s_oitem.append(first_item)
            s_ototal.append(total)
            s_ots.append(ots)
            s_oyear.append(year)
        s_ooff.append(len(s_oid))
        c_rows.append((cid, T(updated), name, lang, segment, TIERS[tier], notes, ltv, T(created)))
        s_id.append(cid_n)
        s_name.append(name)
        s_lang.append(1 if lang == "en" else 0)
        s_tier.append(tier)
        s_flags.append(flags)
        s_last4.append(last4)
        s_limit.append(limit)
        s_used.append(used_amt)
        s_loan.append(loan_bal)
    summary = _CustomerSummary(s_id, s_name, bytes(s_lang), bytes(s_tier), bytes(s_flags), s_last4, s_limit, s_used,
                               s_loan, s_ooff, s_oid, bytes(s_ostat), s_oitem, s_ototal, s_ots, s_oyear)
    return rows, summary


ORDER_STATUS_CODE = {s: i for i, s in enumerate(ORDER_STATUSES)}


@dataclass
class _CustomerSummary:
    ids: list
    names: list
    lang: bytes
    tier: bytes
    flags: bytes
    last4: array
    limit: array
    used: array
    loan: array
    ooff: array
    oid: list
    ostatus: bytes
    oitem: array
    ototal: array
    ots: array
    oyear: array


# =============================================================================
# Ticket stage
# =============================================================================
AGENT_ROLES_PUBLIC = ("a_reply", "a_follow", "a_close", "call")
CUSTOMER_ROLES = frozenset(("c_open", "c_follow", "c_thanks", "c_nudge", "callback_req"))
HISTORIC_BASE = ("c_open", "a_reply", "c_follow", "a_follow", "c_thanks", "a_close")
MSG_COUNTS = _Weighted(((1, 10), (2, 25), (3, 25), (4, 20), (5, 12), (6, 8)))
REPLY_GAP = {"chat": (30, 300), "phone": (600, 6 * HOUR), "email": (15 * MIN, 8 * HOUR), "web": (15 * MIN, 8 * HOUR),
             "sms": (5 * MIN, 3 * HOUR), "social": (5 * MIN, 3 * HOUR)}
CUSTOMER_GAP = {"chat": (20, 240), "phone": (HOUR, 2 * DAY)}
CUSTOMER_GAP_DEFAULT = (10 * MIN, 26 * HOUR)


def _sla_table(now: int) -> dict:
    """(priority, channel) → (first response, resolution) in seconds, from the SLA policy."""
    base = datetime.fromtimestamp(now, UTC)
    out = {}
    for p, _ in PRIORITY_WEIGHTS:
        for ch, _ in CHANNEL_WEIGHTS_KO:
            f, r = sla_due_times(base, p, ch)
            out[p, ch] = (int((f - base).total_seconds()), int((r - base).total_seconds()))
    return out


class _TicketGen:
    """Generates ticket batches; one per process, built from the plan."""

    def __init__(self, plan: _Plan):
        self.plan = plan
        self.U, self.T = _make_converters(plan.raw)
        self.sla = _sla_table(plan.now)
        self.agent_ids = [self.U(a.uid) for a in plan.agents]
        self.team_ids = {k: self.U(v) for k, v in plan.team_uid.items()}
        self.fts_cache: dict[str, str] = {}
        self.cust_n = plan.n_customers
        self.has_en_desk = any(plan.agents[a].team == "en" for a in plan.assignable["en"])

    # -- lookups into the customer summary --------------------------------------------
    def _cust(self, k: int):
        s = self.plan.summary[k // self.plan.batch]
        return s, k % self.plan.batch

    def _pick_customer(self, rng: random.Random) -> int:
        n = self.cust_n
        if n <= 1:
            return 0
        if rng.random() < 0.2:  # a few regulars account for a fifth of all tickets
            r = _rr(rng, max(1, (n - 1) // 50))
        else:
            r = _rr(rng, n - 1)
        return 1 + (r * self.plan.cust_mul) % (n - 1)

    def _index(self, body: str) -> str:
        doc = self.fts_cache.get(body)
        if doc is None:
            if len(self.fts_cache) > 10_000:  # hits are mostly the fixed phrases; a small cache keeps them
                self.fts_cache.clear()
            doc = self.fts_cache[body] = textsearch.index_text(body)
        return doc

    # -- one batch ----------------------------------------------------------------------
    def batch(self, b: int) -> dict:
        plan = self.plan
        rng = _rng(plan.seed, "tickets", b)
        U, T = self.U, self.T
        now = plan.now
        lo, hi = b * plan.batch, min(plan.n_tickets, (b + 1) * plan.batch)
        rows = {t: [] for t in TICKET_TABLES}
        t_rows, m_rows, tag_rows, fb_rows, fu_rows, fts_rows = (rows[t] for t in TICKET_TABLES)
        span_start = now - 730 * DAY
        span = 730 * DAY - 8 * HOUR
        H = plan.historic
        for i in range(lo, hi):
            ov = plan.overrides.get(i)
            number = 1001 + i
            tid_n = _uid(rng)
            tid = U(tid_n)
            # Customer (skewed), their language and a scenario they can plausibly have.
            if ov and "customer" in ov:
                k = min(ov["customer"], self.cust_n - 1)
            else:
                k = self._pick_customer(rng)
                if ov and ov.get("lang") == "ko":
                    for _ in range(20):
                        s, j = self._cust(k)
                        if not s.lang[j]:
                            break
                        k = self._pick_customer(rng)
            s, j = self._cust(k)
            lang = "en" if s.lang[j] else "ko"
            cust_id = U(s.ids[j])
            cname = s.names[j]
            historic = i < H
            agent_idx = ov.get("agent") if ov else None
            group = plan.agents[agent_idx].team if agent_idx is not None else None
            if group == "en":
                group = None
            # Active tickets are placed in time by their SLA state below; any order they
            # mention must be older than that, so the scenario is checked again afterwards.
            created = span_start + int(span * (i + rng.random()) / max(H, 1)) if historic else now - 30 * MIN
            sc, order = self._scenario(rng, s, j, lang, created, group)
            channel = (ov or {}).get("channel") or W_CHANNEL[lang].pick(rng)
            priority = (ov or {}).get("priority")
            if priority is None:
                priority = W_PRIORITY.pick(rng)
                if sc.urgent_bias and rng.random() < 0.6:
                    priority = "urgent" if rng.random() < 0.4 else "high"
            if agent_idx is not None:
                team = plan.agents[agent_idx].team
            elif lang == "en" and self.has_en_desk:
                team = "en"
            elif sc.group == "account":
                team = "card" if rng.random() < 0.5 else "shop"
            else:
                team = sc.group
            F, R = self.sla[priority, channel]

            # Status and the shape of the conversation.
            if historic:
                status = None  # set after the timeline
                pattern = self._historic_pattern(rng, channel)
            else:
                status = (ov or {}).get("status") or self._active_status(rng)
                pattern = self._active_pattern(rng, status, channel)
            has_reply = any(r in AGENT_ROLES_PUBLIC for r in pattern)

            # Assignee: everything historic and everything answered; a few untouched ones too.
            if agent_idx is not None:
                assignee = agent_idx
            elif ov and ov.get("unassigned"):
                assignee = None
            elif historic or has_reply or status in ("pending", "on_hold") or rng.random() < 0.2:
                pool = plan.assignable[team]
                assignee = _pick(rng, pool)
            else:
                assignee = None
            author_idx = assignee if assignee is not None else plan.assignable[team][_rr(rng, len(plan.assignable[team]))]

            # Timeline.
            if historic:
                times = self._historic_times(rng, created, pattern, channel)
                solved = times[-1] + _ri(rng, 60, 600 if channel == "chat" else 2 * HOUR)
                solved = min(solved, now - 60)
                status = "closed" if solved < now - 4 * DAY else "solved"
            else:
                created, times = self._active_times(rng, pattern, has_reply, F, R, (ov or {}).get("sla"))
                solved = None
                if order is not None and s.ots[order] >= created - HOUR:
                    order = self._order_before(s, j, created)
                    if order is None:
                        sc = self._no_order_scenario(rng, lang, sc.group)
            first_resp = next((t for r, t in zip(pattern, times) if r in AGENT_ROLES_PUBLIC), None)
            first_due, res_due = created + F, created + R
            next_due = sla_next_due(status, first_resp, first_due, res_due)
            reopen = 1 if historic and rng.random() < 0.03 else 0

            # Variables for the texts.
            v = self._vars(rng, s, j, k, lang, cname, number, created, sc, order, plan.agents[author_idx], team)
            subject = _pick(rng, sc.subjects).format_map(v)
            # The agent's answer goes with the question asked: replies pair with openings
            # (and second answers with follow-up questions) by position.
            q_open, q_follow = _rr(rng, len(sc.open)), _rr(rng, len(sc.follow))

            # Messages (+ their search index rows).
            fts_rows.append((number << FTS_SEQ_BITS, self._index(subject)))
            gen = GENERIC[lang]
            for seq, (role, t) in enumerate(zip(pattern, times), start=1):
                ext = None
                author_agent = None
                author_name = cname
                if role in CUSTOMER_ROLES:
                    direction, kind = "inbound", "reply"
                    if role == "c_open":
                        body = sc.open[q_open].format_map(v)
                        # Customers paste card numbers and 주민번호 (the app masks them on display).
                        if rng.random() < 0.01 or (ov and ov.get("pii")):
                            body += _pick(rng, gen["pii"]).format(
                                card=_pick(rng, TEST_CARDS), rrn=_rrn(rng))
                    elif role == "c_follow":
                        body = sc.follow[q_follow].format_map(v)
                    elif role == "c_thanks":
                        body = _pick(rng, gen["thanks"])
                    elif role == "c_nudge":
                        body = _pick(rng, gen["nudge"])
                    else:
                        body = _pick(rng, gen["callback"]).format_map(v)
                        author_name = "ARS"
                    if channel == "email":
                        ext = f"<{number}.{seq}.{rng.getrandbits(32):08x}@mail.example.com>"
                else:
                    a = author_idx
                    if role == "note" and rng.random() < 0.3:
                        a = _rr(rng, len(plan.agents))
                    author_agent = self.agent_ids[a]
                    author_name = plan.agents[a].name
                    if role == "a_reply":
                        direction, kind = "outbound", "reply"
                        body = _pick(rng, gen["greet"]).format_map(v) + sc.reply[q_open % len(sc.reply)].format_map(v)
                    elif role == "a_follow":
                        direction, kind = "outbound", "reply"
                        body = sc.reply2[q_follow % len(sc.reply2)].format_map(v)
                    elif role == "a_close":
                        direction, kind = "outbound", "reply"
                        body = _pick(rng, gen["close"])
                    elif role == "note":
                        direction, kind = "internal", "note"
                        pool = sc.note if rng.random() < 0.7 else gen["note"]
                        body = _pick(rng, pool).format_map(v)
                    else:  # call
                        direction, kind = "internal", "call_log"
                        body = _pick(rng, sc.call).format_map(v)
                tt = T(t)
                m_rows.append((U(_uid(rng)), tt, tid, direction, kind, channel, body, author_agent, author_name, tt, ext))
                fts_rows.append(((number << FTS_SEQ_BITS) | seq, self._index(body)))

            # Tags.
            tags = list(sc.tags[: 1 + (rng.random() < 0.6)])
            if TIERS[s.tier[j]] == "vip":
                tags.append("vip")
            if priority == "urgent":
                tags.append("긴급" if lang == "ko" else "urgent")
            if rng.random() < 0.08:
                extra = EXTRA_TAGS_EN if lang == "en" else EXTRA_TAGS
                tags.append(_pick(rng, extra))
            tags = sorted(set(tags))
            for tag in tags:
                tag_rows.append((U(_uid(rng)), T(created), tid, tag))

            t_rows.append((
                tid, T(times[-1]), number, subject[:300], channel, status, priority, PRIORITY_RANK[priority],
                sc.category, cust_id, self.agent_ids[assignee] if assignee is not None else None, self.team_ids[team],
                U(s.oid[order]) if order is not None else None, T(created), T(first_due), T(res_due),
                T(next_due) if next_due is not None else None, T(first_resp) if first_resp is not None else None,
                T(solved) if solved is not None else None, reopen, len(pattern), " ".join(tags), None,
            ))

            # Feedback on solved tickets; follow-ups on open work.
            if historic and rng.random() < 0.3:
                r = rng.random()
                score = 5 if r < 0.55 else 4 if r < 0.8 else 3 if r < 0.9 else 2 if r < 0.95 else 1
                comment = _pick(rng, gen["csat"]) if rng.random() < 0.3 else ""
                if comment and (score >= 4) != (comment in _POSITIVE):
                    comment = ""
                at = min(solved + _ri(rng, 10 * MIN, 2 * DAY), now - 30)
                fb_rows.append((U(_uid(rng)), T(at), tid, cust_id, "csat", score, comment, T(at)))
                if rng.random() < 0.15:
                    r = rng.random()
                    nps = _ri(rng, 9, 10) if r < 0.55 else _ri(rng, 7, 8) if r < 0.8 else _ri(rng, 0, 6)
                    fb_rows.append((U(_uid(rng)), T(at + 60), tid, cust_id, "nps", nps, "", T(at + 60)))
            elif not historic and assignee is not None and (rng.random() < 0.25 or (ov and ov.get("agent") is not None)):
                due = now + _ri(rng, -2 * DAY, 5 * DAY)
                fkind = "callback" if channel == "phone" or rng.random() < 0.2 else "follow_up"
                title = _pick(rng, gen["followup"]).format_map(v)
                fstatus = "done" if due < now and rng.random() < 0.3 else "open"
                fu_rows.append((U(_uid(rng)), T(min(created + 5 * MIN, now)), self.agent_ids[assignee], tid,
                                cust_id, title[:200], "", fkind, T(due), fstatus, "", "", None,
                                T(due) if fstatus == "done" else None, None))
        return rows

    # -- pieces -----------------------------------------------------------------------
    def _scenario(self, rng, s, j, lang, created, group):
        """A scenario the customer can have (card: holds a credit card; order: has an
        earlier order), and that order's index in the customer summary."""
        weighted = SCEN_BY_GROUP[lang, group] if group else W_SCEN[lang]
        flags = s.flags[j]
        for _ in range(6):
            sc = weighted.pick(rng)
            if sc.needs == "card" and not flags & 1:
                continue
            if sc.needs == "loan" and not flags & 4:
                continue
            if sc.needs == "order":
                order = self._order_before(s, j, created)
                if order is None:
                    continue
                return sc, order
            return sc, None
        return self._no_order_scenario(rng, lang, group), None

    @staticmethod
    def _no_order_scenario(rng, lang, group):
        pool = [x for x in (SCENARIOS_EN if lang == "en" else SCENARIOS_KO)
                if not x.needs and (group in (None, x.group) or x.group == "account")]
        return _pick(rng, pool)

    @staticmethod
    def _order_before(s, j, created):
        """The customer's latest order placed at least an hour before ``created``."""
        best, best_ts = None, -1
        for o in range(s.ooff[j], s.ooff[j + 1]):
            ts = s.ots[o]
            if best_ts < ts < created - HOUR:
                best, best_ts = o, ts
        return best

    @staticmethod
    def _active_status(rng):
        r = rng.random()
        return "new" if r < 0.3 else "open" if r < 0.68 else "pending" if r < 0.9 else "on_hold"

    @staticmethod
    def _historic_pattern(rng, channel):
        n = MSG_COUNTS.pick(rng)
        if channel == "phone":
            pattern = ["call"]
            for _ in range(n - 1):
                pattern.append("call" if rng.random() < 0.6 else "note")
            return pattern
        n = max(n, 2)
        with_note = n >= 3 and rng.random() < 0.12
        pattern = list(HISTORIC_BASE[: n - 1 if with_note else n])
        if pattern[-1] == "c_follow":
            pattern[-1] = "c_thanks"  # a conversation that got solved ends with thanks, not a question
        if with_note:
            pattern.insert(_ri(rng, 2, len(pattern)), "note")
        return pattern

    @staticmethod
    def _active_pattern(rng, status, channel):
        phone = channel == "phone"
        if status == "new":
            if phone:
                return ["callback_req"]
            return ["c_open"] if rng.random() < 0.75 else ["c_open", "c_nudge"]
        if status == "open":
            if phone:
                return ["call"] if rng.random() < 0.6 else ["call", "c_follow"]
            r = rng.random()
            if r < 0.15:
                return ["c_open"]  # picked up, not answered yet
            if r < 0.45:
                return ["c_open", "a_reply"]
            if r < 0.85:
                return ["c_open", "a_reply", "c_follow"]
            return ["c_open", "a_reply", "c_follow", "a_follow", "c_nudge"]
        if status == "pending":
            if phone:
                return ["call"] if rng.random() < 0.5 else ["call", "call"]
            return ["c_open", "a_reply"] if rng.random() < 0.6 else ["c_open", "a_reply", "c_follow", "a_follow"]
        # on_hold: waiting on someone else, the last word an internal note
        if phone:
            return ["call", "note"]
        return ["c_open", "a_reply", "note"] if rng.random() < 0.7 else ["c_open", "note"]

    def _historic_times(self, rng, created, pattern, channel):
        limit = self.plan.now - 10 * MIN
        times = [created]
        t = created
        rlo, rhi = REPLY_GAP[channel]
        clo, chi = CUSTOMER_GAP.get(channel, CUSTOMER_GAP_DEFAULT)
        for role in pattern[1:]:
            if role in CUSTOMER_ROLES:
                gap = _ri(rng, clo, chi)
            elif role == "note":
                gap = _ri(rng, 60, 2 * HOUR)
            elif role == "call":
                gap = _ri(rng, HOUR, 2 * DAY)
            else:
                gap = _ri(rng, rlo, rhi)
            t = max(t + 5, min(t + gap, limit))
            times.append(t)
        return times

    def _active_times(self, rng, pattern, has_reply, F, R, want):
        """created_at and message times for an active ticket whose SLA state (breached /
        at risk / ok) is drawn first, so most active tickets are fine and some are late."""
        now = self.plan.now
        D = R if has_reply else F  # the deadline that counts now
        state = want or ("breached" if (r := rng.random()) < 0.12 else "at_risk" if r < 0.22 else "ok")
        if state == "ok" and D <= 62 * MIN:
            state = "at_risk"  # a 15-minute first-response target is never comfortably "ok"
        if state == "breached":
            off = -_ri(rng, 5 * MIN, 36 * HOUR)
        elif state == "at_risk":
            off = _ri(rng, MIN, max(MIN, min(59 * MIN, D - 2 * MIN)))
        else:
            off = _ri(rng, 61 * MIN, D - (20 * MIN if has_reply else MIN))
        created = now + off - D
        end = now - 30
        n = len(pattern)
        if not has_reply:
            rest = sorted(_ri(rng, created + 1, max(created + 2, end)) for _ in range(n - 1))
            return created, _strictly_increasing([created, *rest])
        a1 = next(i for i, r in enumerate(pattern) if r in AGENT_ROLES_PUBLIC)
        hi = max(61, min(int(F * 1.1), end - created - 10 * (n - a1)))
        if a1 == 0:  # a call: logged when it ends, a few minutes after the ticket was opened
            fr = created + _ri(rng, 30, max(31, min(10 * MIN, hi)))
            head = []
        else:
            fr = created + _ri(rng, 60, hi)
            head = [created, *sorted(_ri(rng, created + 1, max(created + 2, fr - 1)) for _ in range(a1 - 1))]
        after = sorted(_ri(rng, fr + 10, max(fr + 11, end)) for _ in range(n - a1 - 1))
        return created, _strictly_increasing([*head, fr, *after])

    def _vars(self, rng, s, j, k, lang, cname, number, created, sc, order, agent: _AgentInfo, team):
        return _Vars(rng, self.plan, s, j, k, cname, number, created, sc, order, agent, team)


class _Vars(dict):
    """The values message templates may use, each computed the first time a template asks."""

    def __init__(self, rng, plan, s, j, k, cname, number, created, sc, order, agent, team):
        super().__init__(name=cname, agent=agent.name, team=TEAM_NAME[team], team_en=TEAM_EN[team], number=number,
                         topic=sc.category)
        self.rng, self.plan, self.s, self.j, self.k, self.created, self.order = rng, plan, s, j, k, created, order

    def __missing__(self, key):
        rng, s, j = self.rng, self.s, self.j
        if key == "last4":
            v = f"{s.last4[j]:04d}" if s.last4[j] >= 0 else "1234"
        elif key in ("limit", "limit_en"):
            v = (_won if key == "limit" else _won_en)(s.limit[j] or 5_000_000)
        elif key == "used":
            v = _won(s.used[j])
        elif key in ("avail", "avail_en"):
            v = (_won if key == "avail" else _won_en)(max((s.limit[j] or 5_000_000) - s.used[j], 0))
        elif key in ("limit2", "limit2_en"):
            n = self.get("_limit2")
            if n is None:
                n = self["_limit2"] = (s.limit[j] or 5_000_000) + _pick(rng, (1, 2, 3, 5)) * 1_000_000
            v = (_won if key == "limit2" else _won_en)(n)
        elif key in ("amount", "amount_en"):
            n = self.get("_amount")
            if n is None:
                n = self["_amount"] = _pick(rng, (12_900, 35_000, 48_500, 89_000, 129_000, 250_000, 432_000, 1_190_000))
            v = (_won if key == "amount" else _won_en)(n)
        elif key == "loan":
            v = _won(s.loan[j] or 8_000_000)
        elif key == "order":
            o = self.order
            v = "ORD-0000" if o is None else f"ORD-{s.oyear[o]}-{self.k * ORDER_NUMBER_STRIDE + o - s.ooff[j] + 1:07d}"
        elif key == "item":
            v = "주문 상품" if self.order is None else CATALOG[s.oitem[self.order]][0]
        elif key in ("total", "total_en"):
            v = (_won if key == "total" else _won_en)(0 if self.order is None else s.ototal[self.order])
        elif key in ("date", "date_en"):
            # The order's date when there is one, else a few days before the ticket; in KST.
            ts = s.ots[self.order] if self.order is not None else self.created - _ri(rng, DAY, 10 * DAY)
            d = datetime(1970, 1, 1) + timedelta(seconds=ts + 9 * HOUR)
            self["date"] = f"{KO_MONTHS[d.month - 1]} {d.day}일"
            self["date_en"] = f"{EN_MONTHS[d.month - 1]} {d.day}"
            return self[key]
        elif key == "tracking":
            v = f"{_ri(rng, 100000, 999999)}{_ri(rng, 100000, 999999)}"
        elif key == "days":
            v = _ri(rng, 1, 3)
        elif key == "points":
            v = _pick(rng, (1200, 2500, 3000, 5400, 12000))
        elif key == "merchant":
            v = _pick(rng, MERCHANTS)
        elif key == "ref":
            v = str(_ri(rng, 1000, 9999))
        elif key == "phone":
            v = _fmt_mobile(_phone_digits(self.plan, self.k))
        else:
            raise KeyError(key)
        self[key] = v
        return v


_POSITIVE = {"친절하고 빠른 상담 감사합니다.", "설명이 이해하기 쉬웠어요.", "상담원분이 정말 친절하셨어요!",
             "Quick and friendly, thanks!", "Very clear explanation."}


def _strictly_increasing(times: list[int]) -> list[int]:
    """Messages sort by created_at; equal times would leave their order to the (random) ids."""
    out = [times[0]]
    for t in times[1:]:
        out.append(max(t, out[-1] + 1))
    return out


# =============================================================================
# Worker processes
# =============================================================================
# Plain subprocesses speaking pickle over pipes, not multiprocessing: they import only
# this module, never the caller's __main__ (a Qt app, pytest, a script on stdin).
class _Workers:
    """Runs batches in child processes, ``ahead`` per worker; results come back in batch order."""

    def __init__(self, plan: _Plan, stage: str, n: int, ahead: int = 2):
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
        cmd = [sys.executable, "-c", "from agentdesk.demo.generator import _worker_main; _worker_main()"]
        self.procs = [subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env) for _ in range(n)]
        self.ahead = ahead
        try:
            blob = pickle.dumps((stage, plan), protocol=pickle.HIGHEST_PROTOCOL)
            for p in self.procs:
                p.stdin.write(len(blob).to_bytes(8, "little"))
                p.stdin.write(blob)
                p.stdin.flush()
        except BaseException:
            self.close()
            raise

    def _send(self, b: int) -> None:
        p = self.procs[b % len(self.procs)]
        p.stdin.write(b.to_bytes(8, "little", signed=True))
        p.stdin.flush()

    def run(self, n_batches: int):
        sent = 0
        while sent < min(n_batches, len(self.procs) * self.ahead):
            self._send(sent)
            sent += 1
        for b in range(n_batches):
            p = self.procs[b % len(self.procs)]
            try:
                result = pickle.load(p.stdout)
            except EOFError:
                raise RuntimeError(f"demo data worker exited with code {p.wait()} (see its error output above)") from None
            if sent < n_batches:
                self._send(sent)
                sent += 1
            yield result

    def close(self) -> None:
        for p in self.procs:
            try:
                p.stdin.write((-1).to_bytes(8, "little", signed=True))
                p.stdin.close()
            except (OSError, ValueError):
                pass
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            if p.stdout:
                p.stdout.close()


def _worker_main() -> None:
    """Child side of _Workers: read the plan, then batch numbers until -1; pickle results to stdout."""
    inp = sys.stdin.buffer
    out = os.fdopen(os.dup(1), "wb")
    try:
        os.nice(5)  # the writer (parent) is the bottleneck: let it have the CPU first
    except (AttributeError, OSError):
        pass
    os.dup2(2, 1)  # stray prints must not corrupt the result stream
    size = int.from_bytes(inp.read(8), "little")
    stage, plan = pickle.loads(inp.read(size))
    gen = _TicketGen(plan) if stage == "tickets" else None
    while True:
        raw = inp.read(8)
        if len(raw) < 8:
            return
        b = int.from_bytes(raw, "little", signed=True)
        if b < 0:
            return
        result = gen.batch(b) if gen else _customer_batch(plan, b)
        pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()


def _run_batches(plan: _Plan, stage: str, n_batches: int, workers: int, serial_fn):
    """Yields batch results in order, generated here or by worker processes."""
    if workers <= 0 or n_batches <= 1:
        for b in range(n_batches):
            yield serial_fn(b)
        return
    pool = _Workers(plan, stage, min(workers, n_batches))
    try:
        yield from pool.run(n_batches)
    finally:
        pool.close()


# =============================================================================
# Writers
# =============================================================================
# Big loads (100,000+ tickets), measured at 400,000 tickets on 2 cores: FTS5's incremental
# merging off (automerge 0) and 4 batches per transaction with a page cache that holds
# their dirty pages took the ticket stage from 97 s to 67 s, with per-batch cost flat
# instead of growing (random-UUID primary-key indexes dirty pages all over the file, so
# every commit rewrote most of them; and at a million tickets automerge made FTS writes
# 3x slower). The cache grows with the load, up to 512 MB.
LOAD_CACHE_KIB_MAX = 524288
LOAD_CACHE_KIB_SMALL = 65536  # small loads keep SQLite's usual 64 MB (db.py)
LOAD_COMMIT_EVERY = 4  # batches per transaction in big loads
BULK_FTS_AUTOMERGE: int | None = 0  # None: leave FTS5 merging as it is
FTS_DEFAULT_AUTOMERGE = 4  # SQLite's default for FTS5 'automerge', restored afterwards


class _RawSqliteWriter:
    """executemany on the sqlite3 connection itself; values already in SQLAlchemy's stored form."""

    def __init__(self, db: Database, bulk: bool, tickets: int = 0):
        self.proxy = db.engine.raw_connection()
        self.conn = self.proxy.driver_connection
        self.conn.commit()
        cur = self.conn.cursor()
        self.saved = {p: cur.execute(f"PRAGMA {p}").fetchone()[0]
                      for p in ("synchronous", "foreign_keys", "cache_size", "temp_store")}
        # Bulk load: no fsync per batch, no per-row FK probes (rows are consistent by construction).
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA foreign_keys=OFF")
        cache = min(LOAD_CACHE_KIB_MAX, max(LOAD_CACHE_KIB_SMALL, tickets // 2)) if bulk else LOAD_CACHE_KIB_SMALL
        cur.execute(f"PRAGMA cache_size=-{cache}")
        self.commit_every = LOAD_COMMIT_EVERY if bulk else 1
        self.pending = 0
        self.sql = {}
        for name, (table, cols) in TABLES.items():
            if table is None:
                self.sql[name] = "INSERT INTO ticket_fts (rowid, doc) VALUES (?, ?)"
            else:
                self.sql[name] = (f"INSERT INTO {table.name} (rev, deleted, {', '.join(cols)}) "
                                  f"VALUES (0, 0, {', '.join('?' * len(cols))})")
        # Big loads: secondary indexes are rebuilt once at the end (a sort) instead of
        # maintained per row, and FTS5 does not merge its segments while loading.
        self.indexes: list[tuple[str, str]] = []
        self.automerge: int | None = None
        if bulk and BULK_FTS_AUTOMERGE is not None:
            row = cur.execute("SELECT v FROM ticket_fts_config WHERE k = 'automerge'").fetchone()
            self.automerge = int(row[0]) if row else FTS_DEFAULT_AUTOMERGE
            cur.execute(f"INSERT INTO ticket_fts(ticket_fts, rank) VALUES ('automerge', {BULK_FTS_AUTOMERGE})")
        if bulk:
            names = [t.name for t, _ in TABLES.values() if t is not None]
            q = ("SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
                 f"AND tbl_name IN ({','.join('?' * len(names))})")
            self.indexes = cur.execute(q, names).fetchall()
            for name, _ in self.indexes:
                cur.execute(f'DROP INDEX "{name}"')
            self.conn.commit()
        cur.close()

    def write(self, name: str, rows: list) -> None:
        if rows:
            self.conn.executemany(self.sql[name], rows)

    def batch_done(self) -> None:
        # Random-UUID key indexes dirty pages all over; committing several batches at
        # once writes each such page once instead of once per batch.
        self.pending += 1
        if self.pending >= self.commit_every:
            self.commit()

    def commit(self) -> None:
        self.conn.commit()
        self.pending = 0

    def close(self, progress: Progress | None = None) -> None:
        try:
            self.conn.rollback()
            cur = self.conn.cursor()
            # CREATE INDEX sorts: with temp_store=MEMORY and a big cache the sort of 3M
            # messages took 600 MB; spilling to temp files is as fast and stays small.
            cur.execute("PRAGMA temp_store=FILE")
            cur.execute(f"PRAGMA cache_size={int(self.saved['cache_size'])}")
            steps = len(self.indexes) + (self.automerge is not None)
            for n, (_name, sql) in enumerate(self.indexes):
                if progress:
                    progress("indexes", n, steps)
                cur.execute(sql)
                self.conn.commit()
            if self.automerge is not None:
                # No 'optimize': merging 4M documents into one segment took minutes, and
                # searches on the unmerged index of a million tickets take 30-150 ms.
                # Later writes merge gradually again.
                if progress:
                    progress("indexes", steps - 1, steps)
                cur.execute(f"INSERT INTO ticket_fts(ticket_fts, rank) VALUES ('automerge', {self.automerge})")
                self.conn.commit()
            if progress and steps:
                progress("indexes", steps, steps)
            # Fresh planner statistics: the ones migrations gathered saw empty tables, and
            # with those the planner picks indexes that are 50x slower at a million rows.
            cur.execute("PRAGMA analysis_limit=1000")
            cur.execute("ANALYZE")
            self.conn.commit()
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            for p, v in self.saved.items():
                cur.execute(f"PRAGMA {p}={int(v)}")
            cur.close()
        finally:
            self.proxy.close()


class _PgCopyWriter:
    """PostgreSQL COPY through psycopg: several times faster than executemany of INSERTs.
    Values as the ORM takes them (UUID objects; aware UTC datetimes, whose +00:00 the
    timestamp-without-time-zone columns drop)."""

    def __init__(self, db: Database):
        self.proxy = db.engine.raw_connection()
        self.conn = self.proxy.driver_connection
        self.conn.commit()
        self.sql = {
            name: f"COPY {table.name} (rev, deleted, {', '.join(cols)}) FROM STDIN"
            for name, (table, cols) in TABLES.items() if table is not None
        }

    def write(self, name: str, rows: list) -> None:
        sql = self.sql.get(name)  # the search index is SQLite's (FTS5) only
        if not rows or sql is None:
            return
        with self.conn.cursor() as cur, cur.copy(sql) as copy:
            for row in rows:
                copy.write_row((0, False, *row))

    def batch_done(self) -> None:
        self.commit()

    def commit(self) -> None:
        self.conn.commit()

    def close(self, progress: Progress | None = None) -> None:
        try:
            self.conn.rollback()
        finally:
            self.proxy.close()


class _CoreWriter:
    """SQLAlchemy Core executemany (PostgreSQL, or SQLite when asked); values as the ORM takes them."""

    def __init__(self, db: Database):
        self.engine = db.engine
        self.is_sqlite = db.is_sqlite
        self.conn = self.engine.connect()
        self.tx = self.conn.begin()
        self.fts = text("INSERT INTO ticket_fts(rowid, doc) VALUES (:rowid, :doc)")

    def write(self, name: str, rows: list) -> None:
        if not rows:
            return
        table, cols = TABLES[name]
        if table is None:
            if self.is_sqlite:
                self.conn.execute(self.fts, [{"rowid": r, "doc": d} for r, d in rows])
            return
        self.conn.execute(table.insert(), [dict(zip(cols, row), **CONSTANT_COLS) for row in rows])

    def batch_done(self) -> None:
        self.commit()

    def commit(self) -> None:
        self.tx.commit()
        self.tx = self.conn.begin()

    def close(self, progress: Progress | None = None) -> None:
        if self.tx.is_active:
            self.tx.rollback()
        self.conn.close()


# =============================================================================
# Small tables
# =============================================================================
def _small_tables(plan: _Plan, n_articles: int) -> dict[str, list[dict]]:
    rng = _rng(plan.seed, "small", 0)
    now = datetime.fromtimestamp(plan.now, UTC)
    U = lambda n: uuid.UUID(int=n)  # noqa: E731 - the ORM/Core path takes UUID objects
    team_name = dict(TEAMS)
    teams = [{"id": U(plan.team_uid[k]), "name": team_name[k], "updated_at": now - timedelta(days=400)} for k, _ in TEAMS]
    statuses = ("available", "available", "available", "busy", "away", "offline")
    agents = [
        {"id": U(a.uid), "login": a.login, "name": a.name, "email": f"{a.login}@agentdesk.example", "role": a.role,
         "status": "available" if i == plan.current else _pick(rng, statuses),
         "capacity": 30 if a.role == "agent" else 10, "language": a.language, "team_id": U(plan.team_uid[a.team]),
         "updated_at": now - timedelta(days=_ri(rng, 1, 300))}
        for i, a in enumerate(plan.agents)
    ]
    articles = []
    for n in range(n_articles):  # ARTICLES alternates Korean and English at first: a few still give both
        title, category, tags, language, body = ARTICLES[n % len(ARTICLES)]
        if n >= len(ARTICLES):
            title = f"{title} ({n // len(ARTICLES) + 1})"
        articles.append({
            "id": U(_uid(rng)), "external_id": f"KB-{n + 1:04d}", "title": title, "body": body, "category": category,
            "tags": list(tags), "language": language, "status": "published" if rng.random() < 0.95 else "draft",
            "helpful": _ri(rng, 0, 400), "not_helpful": _ri(rng, 0, 40),
            "updated_at": now - timedelta(days=_ri(rng, 1, 500)),
        })
    team_for = {"ko": None, "en": U(plan.team_uid["en"])}
    templates = [
        {"id": U(_uid(rng)), "title": title, "body": body, "category": category, "language": language, "shortcut": shortcut,
         "scope": "team", "owner_agent_id": None, "team_id": team_for[language], "macro": dict(macro),
         "prompts": [dict(p) for p in prompts],
         "usage_count": _ri(rng, 0, 5000), "updated_at": now - timedelta(days=_ri(rng, 1, 200))}
        for title, shortcut, category, language, body, macro, prompts in TEMPLATES
    ]
    # One personal template for the signed-in agent.
    me = plan.agents[plan.current]
    templates.append({
        "id": U(_uid(rng)), "title": "내 서명", "body": "{{ agent.name }} 드림 | 카드상담팀 | 1588-0000", "category": "",
        "language": "ko", "shortcut": "/서명", "scope": "personal", "owner_agent_id": U(me.uid), "team_id": None,
        "macro": {}, "prompts": [], "usage_count": _ri(rng, 0, 300), "updated_at": now - timedelta(days=3),
    })
    settings = [{"key": CURRENT_AGENT_KEY, "value": me.login}]
    return {"teams": teams, "agents": agents, "kb_articles": articles, "templates": templates, "workspace_settings": settings}


SMALL_TABLES = {"teams": Team, "agents": Agent, "kb_articles": KnowledgeArticle, "templates": Template,
                "workspace_settings": WorkspaceSetting}


# =============================================================================
# Public API
# =============================================================================
def _has_data(db: Database) -> bool:
    """Tickets, customers or agents already there; the admins `admin init-server` makes
    (no team) do not count, so a fresh team database takes demo data."""
    with db.engine.connect() as conn:
        for model in (Ticket, Customer):
            if conn.execute(select(model.id).limit(1)).first() is not None:
                return True
        staff = select(Agent.id).where((Agent.role != "admin") | Agent.team_id.is_not(None)).limit(1)
        return conn.execute(staff).first() is not None


def generate(
    db: Database,
    *,
    customers: int,
    tickets: int,
    seed: int = 1,
    agents: int = 12,
    articles: int = 40,
    now: datetime | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    _writer: str | None = None,
    _batch: int = BATCH,
) -> dict:
    """Fills an empty workspace with demo data; returns {table: rows written}.

    Deterministic for the same (customers, tickets, seed, now) (and agents/articles).
    ``now`` (default: this minute, UTC) anchors every relative time: two years of
    solved history behind it, a few days of open work just before it. ``workers`` is
    the number of generator processes (default: one per spare core, at most two, from
    100,000 tickets on; none below): it changes the speed, never the rows.
    ``progress(stage, done, total)`` hears about stages setup, customers, tickets,
    indexes (large SQLite runs) and done. Raises ValueError if the workspace already
    has tickets, customers or agents.
    """
    if customers < 1:
        raise ValueError("customers must be at least 1")
    if tickets < 0:
        raise ValueError("tickets must not be negative")
    if agents < 1:
        raise ValueError("agents must be at least 1")
    if customers > 12_000_000:
        raise ValueError("at most 12,000,000 customers (order numbers have 8 digits)")
    if tickets >= (1 << 50):
        raise ValueError("too many tickets")
    if _has_data(db):
        raise ValueError("this workspace already has data")
    if now is None:
        now = datetime.now(UTC).replace(second=0, microsecond=0)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    now_ts = int(now.timestamp())  # whole seconds: stored times carry no sub-second part

    url = db.engine.url
    mode = _writer or ("raw" if db.is_sqlite else "copy" if url.get_driver_name() == "psycopg" else "core")
    if mode not in ("raw", "copy", "core"):
        raise ValueError(f"unknown writer '{mode}'")
    if (mode == "raw") != db.is_sqlite and mode != "core":
        raise ValueError(f"the {mode} writer is not for {url.get_backend_name()}")
    raw = mode == "raw"
    if workers is None:
        # One generator keeps up with the writer (the bottleneck); more only on big machines.
        workers = max(1, min(2, (os.cpu_count() or 1) - 1)) if tickets >= 100_000 else 0
        customer_workers = workers if customers >= 50_000 else 0
    else:
        customer_workers = workers
    plan = _make_plan(customers, tickets, seed, agents, now_ts, raw)
    plan.batch = _batch  # tests only: a different batch size gives different (still deterministic) data
    counts: dict[str, int] = {}

    def tell(stage: str, done: int, total: int) -> None:
        if progress:
            progress(stage, done, total)

    # Small tables through the ORM's own types (UUID objects, aware datetimes, JSON).
    tell("setup", 0, 1)
    small = _small_tables(plan, articles)
    with db.engine.begin() as conn:
        for name, model in SMALL_TABLES.items():
            if small[name]:
                conn.execute(model.__table__.insert(), small[name])
            counts[name] = len(small[name])
    tell("setup", 1, 1)

    if mode == "raw":
        writer = _RawSqliteWriter(db, bulk=tickets >= 100_000 or customers >= 50_000, tickets=tickets)
    else:
        writer = _PgCopyWriter(db) if mode == "copy" else _CoreWriter(db)
    ok = False
    try:
        # Customers, their contacts, products and orders.
        n_cb = -(-customers // plan.batch)
        summaries = []
        done = 0
        for rows, summary in _run_batches(plan, "customers", n_cb, customer_workers, lambda b: _customer_batch(plan, b)):
            for name in CUSTOMER_TABLES:
                writer.write(name, rows[name])
                counts[name] = counts.get(name, 0) + len(rows[name])
            writer.batch_done()
            summaries.append(summary)
            done += len(summary.ids)
            tell("customers", done, customers)
        plan.summary = summaries

        # Tickets with their conversations, tags, search index, feedback and follow-ups.
        n_tb = -(-tickets // plan.batch)
        gen = _TicketGen(plan) if workers <= 0 or n_tb <= 1 else None
        done = 0
        for name in TICKET_TABLES:
            counts.setdefault(name, 0)
        for rows in _run_batches(plan, "tickets", n_tb, workers, lambda b: gen.batch(b)):
            for name in TICKET_TABLES:
                writer.write(name, rows[name])
                counts[name] += len(rows[name])
            writer.batch_done()
            done += len(rows["tickets"])
            tell("tickets", done, tickets)
        writer.commit()
        if not db.is_sqlite:
            counts.pop("ticket_fts", None)
        ok = True
    finally:
        writer.close(progress if ok else None)
    from agentdesk.services import knowledge  # knowledge search: index the published articles (SQLite)

    with db.session() as s:
        knowledge.ensure_index(s)
    tell("done", 1, 1)
    return counts


def ensure_demo_workspace(db: Database, progress: Progress | None = None) -> bool:
    """On first start (no agents at all) fills the workspace with a small demo; True if it did."""
    with db.engine.connect() as conn:
        if conn.execute(select(Agent.id).limit(1)).first() is not None:
            return False
    generate(db, customers=DEMO_CUSTOMERS, tickets=DEMO_TICKETS, seed=1, progress=progress)
    return True
