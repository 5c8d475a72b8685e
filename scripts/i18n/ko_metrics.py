"""Korean for issue 13's KPI definitions (agentdesk/kpi.py DEFINITIONS, shown on hover in the
supervisor view; docs/metrics.md has the English). Keep {…} and ⌈0.9·n⌉ as they are."""

KO = {
    "The local calendar days from `from` to `to`, both inclusive, in the time zone `tz` (default: the workspace's "
    "time_zone setting), and the team, if one was given.":
        "시간대 `tz`(기본값: 워크스페이스의 time_zone 설정) 기준으로 `from`부터 `to`까지의 달력 날짜(양 끝 포함)와, "
        "지정한 경우 팀입니다.",
    "Tickets not deleted and not merged into another, created inside the period (filtered by team when given).":
        "기간 안에 생성되었고 삭제되지 않았으며 다른 티켓에 병합되지 않은 티켓입니다(팀을 지정하면 그 팀의 티켓).",
    "The cohort's size.": "대상 티켓의 수입니다.",
    "{channel: count} over the cohort.": "대상 티켓의 채널별 건수 {채널: 건수}입니다.",
    "{median, p90, count} over cohort tickets that have a first response: the earliest public agent reply (an "
    "outbound message) or call log on the ticket, minus the ticket's creation. Median is the mean of the two middle "
    "values for an even count; p90 is the value at rank ⌈0.9·n⌉ of the sorted list.":
        "첫 응답이 있는 대상 티켓의 {median, p90, count}: 티켓의 가장 이른 상담사 공개 답변(발신 메시지) 또는 통화 기록 "
        "시각에서 티켓 생성 시각을 뺀 값입니다. 중앙값은 개수가 짝수이면 가운데 두 값의 평균이고, p90은 정렬한 목록에서 "
        "⌈0.9·n⌉번째 값입니다.",
    "The number of cohort tickets without a first response.": "첫 응답이 없는 대상 티켓의 수입니다.",
    "{median, p90, count} over cohort tickets with a solved time: solved minus created.":
        "해결 시각이 있는 대상 티켓의 {median, p90, count}: 해결 시각에서 생성 시각을 뺀 값입니다.",
    "Among cohort tickets with a solved time, the share reopened at least once.":
        "해결 시각이 있는 대상 티켓 중 한 번 이상 다시 열린 티켓의 비율입니다.",
    "First contact resolution: among cohort tickets now solved or closed, the share never reopened and with at most "
    "one agent contact (outbound replies plus call logs).":
        "첫 접촉 해결률: 지금 해결 또는 종료 상태인 대상 티켓 중 다시 열린 적이 없고 상담사 접촉(발신 답변과 통화 기록)이 "
        "한 번 이하인 티켓의 비율입니다.",
    "{rate, responses} over CSAT answers (1-5) given inside the period: the share of 4 and 5. With a team, only "
    "answers about that team's tickets.":
        "기간 안에 받은 CSAT 응답(1~5)의 {rate, responses}: 4와 5의 비율입니다. 팀을 지정하면 그 팀 티켓에 대한 응답만 "
        "셉니다.",
    "{score, responses} over NPS answers (0-10) given inside the period: 100 × (promoters 9-10 − detractors 0-6) ÷ "
    "responses. With a team, only answers about that team's tickets.":
        "기간 안에 받은 NPS 응답(0~10)의 {score, responses}: 100 × (추천 9~10 − 비추천 0~6) ÷ 응답 수입니다. 팀을 "
        "지정하면 그 팀 티켓에 대한 응답만 셉니다.",
    "Tickets not deleted or merged whose status is new, open, pending or on hold, now (filtered by team when given).":
        "지금 상태가 신규, 진행 중, 대기 또는 보류이고 삭제되거나 병합되지 않은 티켓입니다(팀을 지정하면 그 팀의 티켓).",
    "Among cohort tickets whose SLA outcome is decided, the share that met every deadline. A deadline is met when the "
    "first response (or the solved time, for the resolution deadline) came at or before it, and missed when it came "
    "later or has not come and the deadline has passed; a ticket is decided when every deadline is met or one is "
    "missed. Paused time (pending, on hold) does not move a deadline.":
        "SLA 결과가 정해진 대상 티켓 중 모든 기한을 지킨 티켓의 비율입니다. 첫 응답(해결 기한은 해결 시각)이 기한 이전 "
        "또는 정각에 있었으면 지킨 것이고, 그보다 늦었거나 아직 없는데 기한이 지났으면 놓친 것입니다. 모든 기한을 "
        "지켰거나 하나라도 놓치면 결과가 정해집니다. 일시 정지 시간(대기, 보류)은 기한을 늦추지 않습니다.",
    "{median, p90, count, mean} over tickets not deleted with work recorded inside the period (with a team, work on "
    "that team's tickets): per ticket, the sum of its work sessions that started inside the period (talk + hold + "
    "after-contact work for calls; worked time for written channels). Contacts ended as abusive, or tagged "
    "`abusive-contact`, are left out (docs/protection.md).":
        "기간 안에 작업이 기록된 삭제되지 않은 티켓의 {median, p90, count, mean}(팀을 지정하면 그 팀 티켓의 작업): "
        "티켓마다 기간 안에 시작한 작업 기록의 합계입니다(전화는 통화 + 보류 + 후처리, 글 채널은 작업 시간). "
        "폭언으로 종료했거나 `abusive-contact` 태그가 붙은 상담은 제외합니다(docs/protection.md).",
}
