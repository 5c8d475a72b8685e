"""Korean for issue 13's quality reviews: the lead's review dialog and the agent's own
reviews pane (agentdesk/views/reviews.py). Rubric item labels are data (label_ko)."""

KO = {
    # the review dialog
    "Quality review": "품질 평가",
    "weight %1%": "가중치 %1%",
    "0 fails the review": "0점이면 불합격",
    "Comment (optional)": "코멘트(선택)",
    "Overall comment for the agent (optional)": "상담사에게 남길 종합 코멘트(선택)",
    "Score every item": "모든 항목을 채점하세요",
    "Overall comment": "종합 코멘트",
    "Handled by %1 · %2 %3 · rubric: %4": "처리: %1 · %2 %3 · 평가표: %4",
    "No messages.": "메시지가 없습니다.",
    "%n item(s) left to score": "채점할 항목 %n개 남음",
    "Fails: %1 scored 0 (weighted %2)": "불합격: %1 항목 0점 (가중 점수 %2)",
    "of 100": "/ 100점",
    # the agent's pane
    "My quality reviews": "내 품질 평가",
    "Quality reviews": "품질 평가",
    "Weekly average score, last %n week(s)": "최근 %n주 주간 평균 점수",
    "Last %1 weeks: average %2 over %3 review(s), %4 failed": "최근 %1주: 평가 %3건, 평균 %2점, 불합격 %4건",
    "No reviews in the last %1 weeks": "최근 %1주 동안 받은 평가가 없습니다",
    "No reviews yet.": "아직 받은 평가가 없습니다.",
    "Reviewed by %1 on %2": "%1 님 평가 · %2",
    "Failed: an item that fails the review scored 0": "불합격: 불합격 기준 항목이 0점입니다",
    "Reviewer": "평가자",
    "Comment": "코멘트",
}

# Words other panes translate otherwise ("Date" is an order's date there).
OVERRIDES = {
    ("ReviewDialog", "Loading…"): "불러오는 중…",
    ("MyReviewsPane", "Loading…"): "불러오는 중…",
    ("ReviewDialog", "Score"): "점수",
    ("ReviewsModel", "Score"): "점수",
    ("ReviewsModel", "Date"): "평가일",
    ("ReviewsModel", "Ticket"): "티켓",
}
