"""Korean for issue 12's defects 6 and 8: coded refusals (context "errors", the English of
agentdesk/catalogue.py), timeline events (context "events") and the timeline's change lines.
Keep every {name} placeholder as it is."""

KO = {
    # --- the timeline's events and their switch
    "{actor} changed status {old} → {new}": "{actor} 님이 상태 변경: {old} → {new}",
    "{actor} changed priority {old} → {new}": "{actor} 님이 우선순위 변경: {old} → {new}",
    "{actor} assigned it to {new}": "{actor} 님이 {new} 님에게 배정",
    "{actor} took the ticket": "{actor} 님이 담당을 맡음",
    "{actor} unassigned {old}": "{actor} 님이 {old} 님의 배정을 해제",
    "{actor} changed assignee {old} → {new}": "{actor} 님이 담당자 변경: {old} → {new}",
    "{actor} added tags {tags}": "{actor} 님이 태그 추가: {tags}",
    "{actor} removed tags {tags}": "{actor} 님이 태그 삭제: {tags}",
    "{actor} merged #{source} into #{target}": "{actor} 님이 #{source}을(를) #{target}에 병합",
    "Hide changes": "변경 내역 숨기기",
    "Show %n change(s)": "변경 내역 %n건 보기",

    # --- the ticket rules
    "invalid {field} {value}: expected one of {allowed}": "잘못된 {field} 값 {value}: {allowed} 중 하나여야 합니다",
    "the {what} holds a NUL character": "{what}에 NUL 문자가 들어 있습니다",
    "a subject needs 1 to {most} characters": "제목은 1~{most}자여야 합니다",
    "a category has at most {most} characters": "분류는 최대 {most}자입니다",
    "field {field} cannot be changed": "{field} 항목은 바꿀 수 없습니다",
    "the assignee is not an active agent": "담당자가 활동 중인 상담사가 아닙니다",
    "the assignee is not in the ticket's team": "담당자가 이 티켓의 팀에 속해 있지 않습니다",
    "a tag is text": "태그는 텍스트여야 합니다",
    "invalid tag {tag}: a tag cannot hold control characters": "잘못된 태그 {tag}: 태그에는 제어 문자를 쓸 수 없습니다",
    "invalid tag {tag}: a tag needs 1 to {most} characters": "잘못된 태그 {tag}: 태그는 1~{most}자여야 합니다",
    "the message is empty": "메시지가 비어 있습니다",
    "invalid message kind {kind}: expected reply, note or call_log":
        "잘못된 메시지 종류 {kind}: reply, note, call_log 중 하나여야 합니다",
    "ticket #{number} was merged into {target}; reopen that one instead":
        "티켓 #{number}은(는) {target}에 병합되었습니다. 그 티켓을 다시 여세요",
    "ticket #{number} has no arrival time to measure deadlines from": "티켓 #{number}에는 기한을 잴 접수 시각이 없습니다",
    "ticket #{number} was merged into {target}; reply there": "티켓 #{number}은(는) {target}에 병합되었습니다. 그 티켓에서 답변하세요",
    "ticket #{number} came in by {channel}, which cannot deliver a reply; add a note or a call log instead":
        "티켓 #{number}은(는) {channel}(으)로 접수되어 답변을 보낼 수 없습니다. 내부 메모나 통화 기록을 남기세요",
    "a ticket cannot be merged into itself": "티켓을 자기 자신에 병합할 수 없습니다",
    "#{number} was already merged into {target}": "#{number}은(는) 이미 {target}에 병합되었습니다",
    "#{number} was itself merged; merge into {target}": "#{number}은(는) 이미 병합된 티켓입니다. {target}에 병합하세요",
    "a ticket is merged once it is saved": "티켓은 저장된 뒤에 병합할 수 있습니다",
    "another ticket": "다른 티켓",
    "the ticket it was merged into": "그 티켓이 병합된 티켓",

    # --- shared
    "invalid {field} '{value}': expected one of {allowed}": "잘못된 {field} 값 '{value}': {allowed} 중 하나여야 합니다",
    "no agent with login '{login}'": "로그인 '{login}'인 상담사가 없습니다",
    "this workspace has no agents yet; run 'agentdesk demo-data' or add one":
        "이 워크스페이스에는 아직 상담사가 없습니다. 'agentdesk demo-data'를 실행하거나 상담사를 추가하세요",
    "no agent '{ref}'": "상담사 '{ref}'을(를) 찾을 수 없습니다",
    "agent not found": "상담사를 찾을 수 없습니다",
    "'{value}' is not a phone number": "'{value}'은(는) 전화번호가 아닙니다",
    "give a phone number, an email address or a name": "전화번호, 이메일 주소 또는 이름을 입력하세요",
    "no customer '{ref}'": "고객 '{ref}'을(를) 찾을 수 없습니다",
    "no ticket '{ref}'": "티켓 '{ref}'을(를) 찾을 수 없습니다",
    "unknown view '{view}': expected one of {allowed}": "알 수 없는 보기 '{view}': {allowed} 중 하나여야 합니다",

    # --- follow-ups, repeat rules, .ics files
    "unknown time zone '{zone}'": "알 수 없는 시간대 '{zone}'",
    "quick picks need an aware local time": "빠른 선택에는 시간대가 있는 현지 시각이 필요합니다",
    "snooze choices need an aware local time": "다시 알림 선택에는 시간대가 있는 현지 시각이 필요합니다",
    "no such follow-up in your calendar": "내 일정에 그런 후속 작업이 없습니다",
    "a follow-up needs a title": "후속 작업의 제목을 입력하세요",
    "title is longer than {most} characters": "제목이 {most}자보다 깁니다",
    "due time must be a time-zone-aware date and time": "기한은 시간대가 있는 날짜와 시각이어야 합니다",
    "due time {date} is outside {first}–{last}": "기한 {date}이(가) {first}–{last}년 범위를 벗어납니다",
    "only an open follow-up can be snoozed": "진행 중인 후속 작업만 다시 알림을 설정할 수 있습니다",
    "this follow-up is already done": "이미 완료된 후속 작업입니다",
    "this follow-up is not linked to a ticket": "이 후속 작업은 티켓에 연결되어 있지 않습니다",
    "invalid repeat rule: give one RRULE such as FREQ=WEEKLY;BYDAY=MO":
        "잘못된 반복 규칙: FREQ=WEEKLY;BYDAY=MO처럼 RRULE 하나를 입력하세요",
    "invalid repeat rule: UNTIL={until} is not a date": "잘못된 반복 규칙: UNTIL={until}은(는) 날짜가 아닙니다",
    "repeat rule is longer than {most} characters": "반복 규칙이 {most}자보다 깁니다",
    "invalid repeat rule '{rule}': {part} must be between {low} and {high}":
        "잘못된 반복 규칙 '{rule}': {part}은(는) {low}~{high} 사이여야 합니다",
    "invalid repeat rule '{rule}': INTERVAL must be between 1 and {most}":
        "잘못된 반복 규칙 '{rule}': INTERVAL은 1~{most} 사이여야 합니다",
    "invalid repeat rule '{rule}': COUNT must be a positive number": "잘못된 반복 규칙 '{rule}': COUNT는 양수여야 합니다",
    "invalid repeat rule '{rule}': FREQ must be one of {allowed}": "잘못된 반복 규칙 '{rule}': FREQ는 {allowed} 중 하나여야 합니다",
    "invalid repeat rule '{rule}': {detail}": "잘못된 반복 규칙 '{rule}': {detail}",
    "repeat rule '{rule}' repeats more than {most} times from {start}: start it nearer today":
        "반복 규칙 '{rule}'은(는) {start}부터 {most}번 넘게 반복됩니다. 시작일을 오늘에 더 가깝게 정하세요",
    "repeat rule '{rule}' has no occurrence after the due time": "반복 규칙 '{rule}'에 따르면 기한 이후에 일정이 한 번도 없습니다",
    "event {index}": "{index}번째 일정",
    "event {index} (UID {uid})": "{index}번째 일정(UID {uid})",
    "a line": "한 줄",
    "{where}: {error}": "{where}: {error}",
    "{where}: missing DTSTART": "{where}: DTSTART가 없습니다",
    "{where}: invalid DTSTART: {detail}": "{where}: 잘못된 DTSTART: {detail}",
    "{where}: unknown time zone '{zone}' in DTSTART": "{where}: DTSTART의 시간대 '{zone}'을(를) 알 수 없습니다",
    "{where}: invalid DTSTART": "{where}: 잘못된 DTSTART",
    "{where}: cannot read {line}: {detail}": "{where}: {line}을(를) 읽을 수 없습니다: {detail}",
    "{where}: DTSTART is outside {first}–{last}": "{where}: DTSTART가 {first}–{last}년 범위를 벗어납니다",
    "{where}: DTSTART {date} is outside {first}–{last}": "{where}: DTSTART {date}이(가) {first}–{last}년 범위를 벗어납니다",
    "{where}: more than one RRULE is not supported": "{where}: RRULE은 하나만 쓸 수 있습니다",
    "{where}: X-AGENTDESK-TICKET '{value}' is not a ticket number": "{where}: X-AGENTDESK-TICKET '{value}'은(는) 티켓 번호가 아닙니다",
    "the file is larger than {most} MB: a calendar of follow-ups is far smaller (split it or export a shorter range)":
        "파일이 {most}MB보다 큽니다. 후속 작업 일정은 이보다 훨씬 작습니다(파일을 나누거나 더 짧은 기간을 내보내세요)",
    "the file holds {events} events: at most {most} can be imported at once":
        "파일에 일정이 {events}개 있습니다. 한 번에 최대 {most}개까지 가져올 수 있습니다",
    "the file is empty": "파일이 비어 있습니다",
    "not a valid iCalendar file: {detail}": "올바른 iCalendar 파일이 아닙니다: {detail}",
    "not an iCalendar file (it holds a {holds}, not a VCALENDAR)": "iCalendar 파일이 아닙니다(VCALENDAR가 아니라 {holds}이(가) 들어 있습니다)",
    "not a valid iCalendar file: cannot read {line}: {detail}": "올바른 iCalendar 파일이 아닙니다: {line}을(를) 읽을 수 없습니다: {detail}",
    "the file holds more than {most} events": "파일에 일정이 {most}개보다 많습니다",
    "checking the file took more than {seconds} s (at event {index}, UID {uid}): too many or too complex repeat rules":
        "파일 확인에 {seconds}초 넘게 걸렸습니다({index}번째 일정, UID {uid}): 반복 규칙이 너무 많거나 복잡합니다",
    "the file contains no events": "파일에 일정이 없습니다",

    # --- fields of a form or a file
    "{field} must be text": "{field}은(는) 텍스트여야 합니다",
    "{field} must not be empty": "{field}을(를) 입력하세요",
    "{field} is longer than {most} characters": "{field}이(가) {most}자보다 깁니다",
    "{field}: {detail}": "{field}: {detail}",

    # --- knowledge
    "no knowledge article '{ref}'": "지식 문서 '{ref}'을(를) 찾을 수 없습니다",
    "invalid limit '{limit}': expected a number from 1 to {most}": "잘못된 개수 '{limit}': 1~{most} 사이의 숫자여야 합니다",
    "tags must be a list of text": "태그는 텍스트 목록이어야 합니다",
    "a tag is longer than {most} characters": "태그가 {most}자보다 깁니다",
    "only a lead or admin can review proposals ({login} is {role})": "제안 검토는 팀장이나 관리자만 할 수 있습니다({login}의 역할: {role})",
    "only a published article can be edited by a proposal": "게시된 문서만 제안으로 고칠 수 있습니다",
    "'{title}' is not a proposal waiting for review (it is {status})": "'{title}'은(는) 검토를 기다리는 제안이 아닙니다(상태: {status})",
    "the article this edit was proposed for is no longer published": "이 수정 제안의 원래 문서가 더 이상 게시되어 있지 않습니다",
    "expected a JSON object with external_id, title and body": "external_id, title, body가 있는 JSON 객체여야 합니다",
    "a tag must not contain a NUL character (\\u0000)": "태그에는 NUL 문자(\\u0000)를 쓸 수 없습니다",
    "{field} must not contain a NUL character (\\u0000)": "{field}에는 NUL 문자(\\u0000)를 쓸 수 없습니다",
    "invalid language '{value}': expected one of {allowed}": "잘못된 언어 '{value}': {allowed} 중 하나여야 합니다",
    "invalid visibility '{value}': expected one of {allowed}": "잘못된 공개 범위 '{value}': {allowed} 중 하나여야 합니다",
    "article {index}: {error}": "{index}번째 문서: {error}",

    # --- templates and macros
    "'{label}' is required": "'{label}'을(를) 입력하세요",
    "'{label}': choose one of {choices}": "'{label}': {choices} 중에서 고르세요",
    "'{label}': expected {expected}, got '{value}'": "'{label}': {expected}을(를) 입력하세요('{value}'은(는) 쓸 수 없습니다)",
    "an amount in won, e.g. 12,000": "원 단위 금액(예: 12,000)",
    "a date, e.g. 2026-11-23": "날짜(예: 2026-11-23)",
    "a date and time, e.g. 2026-11-23 15:30": "날짜와 시각(예: 2026-11-23 15:30)",
    "unknown sort '{sort}': expected one of {allowed}": "알 수 없는 정렬 '{sort}': {allowed} 중 하나여야 합니다",
    "no template '{ref}'": "템플릿 '{ref}'을(를) 찾을 수 없습니다",
    "shortcut '{shortcut}' must be one word of at most {most} characters": "단축어 '{shortcut}'은(는) 최대 {most}자의 한 단어여야 합니다",
    "a template needs a title": "템플릿 제목을 입력하세요",
    "template '{title}' has no text": "템플릿 '{title}'에 내용이 없습니다",
    "template '{title}' is too long: {size} characters (at most {most})": "템플릿 '{title}'이(가) 너무 깁니다: {size}자(최대 {most}자)",
    "template '{title}': {error}": "템플릿 '{title}': {error}",
    "template '{title}': invalid scope '{scope}': expected team or personal":
        "템플릿 '{title}': 잘못된 범위 '{scope}': team 또는 personal이어야 합니다",
    "template '{title}': invalid language '{language}' (e.g. ko, en)": "템플릿 '{title}': 잘못된 언어 '{language}'(예: ko, en)",
    "template '{title}': shortcut '{shortcut}' is already used by '{other}'":
        "템플릿 '{title}': 단축어 '{shortcut}'은(는) 이미 '{other}'에서 쓰고 있습니다",
    "template {index} in the file: {error}": "파일의 {index}번째 템플릿: {error}",
    "template '{title}': its id belongs to another agent's personal template":
        "템플릿 '{title}': 이 ID는 다른 상담사의 개인 템플릿입니다",
    "{path} is too big for a templates file (over {most} MB)": "{path}은(는) 템플릿 파일로는 너무 큽니다({most}MB 초과)",
    "{path} is not a JSON templates file: {detail}": "{path}은(는) JSON 템플릿 파일이 아닙니다: {detail}",
    "{path} is not a templates file: its JSON is nested too deeply": "{path}은(는) 템플릿 파일이 아닙니다: JSON이 너무 깊게 중첩되어 있습니다",
    "no such file: {path}": "파일이 없습니다: {path}",
    "cannot read {path}: {reason}": "{path}을(를) 읽을 수 없습니다: {reason}",
    "cannot write {path}: {reason}": "{path}에 쓸 수 없습니다: {reason}",
    "macro: no agent '{login}' to assign to": "매크로: 배정할 상담사 '{login}'이(가) 없습니다",
    "the follow-up '{title}' needs the date asked by '{prompt}'": "후속 작업 '{title}'에는 '{prompt}'에서 묻는 날짜가 필요합니다",
    "the follow-up title cannot be filled: {detail}": "후속 작업 제목을 채울 수 없습니다: {detail}",
    "macro follow_up: the title is too long for a title (at most {most} characters)":
        "매크로 follow_up: 제목이 너무 깁니다(최대 {most}자)",
    "macro follow_up: title: {detail}": "매크로 follow_up: 제목: {detail}",
    "macro follow_up: {field} must be a positive number of at most {most}": "매크로 follow_up: {field}은(는) {most} 이하의 양수여야 합니다",
    "macro follow_up needs a title": "매크로 follow_up에 제목이 필요합니다",
    "macro follow_up: at_prompt '{prompt}' is not a date or datetime prompt of this template":
        "매크로 follow_up: at_prompt '{prompt}'은(는) 이 템플릿의 날짜 또는 날짜·시각 입력 항목이 아닙니다",
    "macro follow_up: invalid kind '{kind}': expected follow_up or callback":
        "매크로 follow_up: 잘못된 종류 '{kind}': follow_up 또는 callback이어야 합니다",
    "macro follow_up needs in_hours, in_days or at_prompt (when it is due)":
        "매크로 follow_up에 기한(in_hours, in_days 또는 at_prompt)이 필요합니다",
    "macro {key} must be a list of tags": "매크로 {key}은(는) 태그 목록이어야 합니다",
    "macro: invalid status '{value}': expected one of {allowed}": "매크로: 잘못된 상태 '{value}': {allowed} 중 하나여야 합니다",
    "macro: invalid priority '{value}': expected one of {allowed}": "매크로: 잘못된 우선순위 '{value}': {allowed} 중 하나여야 합니다",
    "macro assignee must be 'me', 'none' or an agent's login": "매크로 assignee는 'me', 'none' 또는 상담사 로그인이어야 합니다",
    'macro follow_up must be an object such as {"in_hours": 24, "title": "…"}':
        'macro follow_up은 {"in_hours": 24, "title": "…"} 같은 객체여야 합니다',
    'a macro must be an object such as {"status": "pending"}': '매크로는 {"status": "pending"} 같은 객체여야 합니다',
    "unknown macro action '{key}': expected status, priority, add_tags, remove_tags, assignee, follow_up":
        "알 수 없는 매크로 동작 '{key}': status, priority, add_tags, remove_tags, assignee, follow_up 중 하나여야 합니다",
    "{where}: name '{name}' must be letters, digits and _ (used as input.{used})":
        "{where}: 이름 '{name}'에는 영문자, 숫자, _만 쓸 수 있습니다(input.{used}로 쓰입니다)",
    "prompt '{name}': invalid type '{type}': expected one of {allowed}": "입력 항목 '{name}': 잘못된 형식 '{type}': {allowed} 중 하나여야 합니다",
    "prompt '{name}': a choice needs a list of choices": "입력 항목 '{name}': 선택형에는 선택지 목록이 필요합니다",
    "prompt '{name}': only a choice prompt has choices": "입력 항목 '{name}': 선택지는 선택형 입력 항목에만 있습니다",
    "prompts must be a list of {name, label, type, required}": "입력 항목은 {name, label, type, required}의 목록이어야 합니다",
    "prompt {index} must be an object with name, label and type": "{index}번째 입력 항목은 name, label, type이 있는 객체여야 합니다",
    "prompt {index}: the name '{name}' is used twice": "{index}번째 입력 항목: 이름 '{name}'이(가) 두 번 쓰였습니다",
    "{where}: unknown key '{key}'": "{where}: 알 수 없는 키 '{key}'",
    "{where}: {field}: {detail}": "{where}: {field}: {detail}",
    "{where}: {detail}": "{where}: {detail}",
    'not an AgentDesk templates file (expected "format": "{format}")': 'AgentDesk 템플릿 파일이 아닙니다("format": "{format}"이어야 합니다)',
    "unsupported templates file version {version} (this AgentDesk reads {reads})":
        "지원하지 않는 템플릿 파일 버전 {version}(이 AgentDesk는 {reads} 버전을 읽습니다)",
    'the templates file has no "templates" list': '템플릿 파일에 "templates" 목록이 없습니다',
    "template {index} in the file is not an object": "파일의 {index}번째 템플릿이 객체가 아닙니다",

    # --- a team workspace's local copy
    "agent '{login}' is not in this replica yet; sync first": "상담사 '{login}'이(가) 아직 이 로컬 사본에 없습니다. 먼저 동기화하세요",
    "only replies and notes can be written in a team workspace": "팀 워크스페이스에서는 답변과 메모만 쓸 수 있습니다",
    "articles are added on the team server (agentdesk kb import --db …); from a team workspace you can propose one":
        "문서는 팀 서버에서 추가합니다(agentdesk kb import --db …). 팀 워크스페이스에서는 문서를 제안할 수 있습니다",
    "this change ({table}) cannot be made from a team workspace's local copy yet; an admin or lead can make it on the server":
        "이 변경({table})은 아직 팀 워크스페이스의 로컬 사본에서 할 수 없습니다. 관리자나 팀장이 서버에서 할 수 있습니다",
    "a merged ticket cannot be moved or unmerged from a team workspace": "병합된 티켓은 팀 워크스페이스에서 옮기거나 병합을 풀 수 없습니다",
    "merging tickets goes through the merge command": "티켓 병합은 병합 명령으로 하세요",
    "a follow-up needs a title of at most {most} characters": "후속 작업에는 최대 {most}자의 제목이 필요합니다",
    "naive datetime given where a zone is required": "시간대가 필요한 곳에 시간대 없는 시각이 주어졌습니다",

    # --- the team server's refusals
    "a mutation must be an object": "변경 요청은 객체여야 합니다",
    "a mutation needs a valid mutation_id": "변경 요청에 올바른 mutation_id가 필요합니다",
    "this mutation id was already used": "이미 쓰인 변경 요청 ID입니다",
    "unknown operation {op}": "알 수 없는 작업 {op}",
    "invalid entity": "잘못된 대상",
    "a mutation's payload must be an object": "변경 요청의 내용은 객체여야 합니다",
    "a mutation needs a valid entity_id": "변경 요청에 올바른 entity_id가 필요합니다",
    "the change is larger than {most} KiB": "변경 내용이 {most}KiB보다 큽니다",
    "unknown agent '{login}'": "알 수 없는 상담사 '{login}'",
    "your agent was removed": "내 상담사 계정이 삭제되었습니다",
    "malformed {op} ({error})": "형식이 잘못된 {op}({error})",
    "not allowed for your role and team": "내 역할과 팀으로는 할 수 없는 작업입니다",
    "the change does not fit the server's data and was not applied": "변경 내용이 서버의 데이터와 맞지 않아 적용되지 않았습니다",
    "invalid {what} {value}": "잘못된 {what} {value}",
    "a change's fields are {name: [old, new]}": "변경 항목은 {name: [old, new]} 형식이어야 합니다",
    "the ticket no longer exists on the server": "이 티켓은 서버에 더 이상 없습니다",
    "ticket #{number} belongs to another team": "티켓 #{number}은(는) 다른 팀의 티켓입니다",
    "a follow-up belongs to the agent who makes it": "후속 작업은 만든 상담사의 것입니다",
    "invalid follow-up kind {kind}": "잘못된 후속 작업 종류 {kind}",
    "a follow-up needs a due time with a zone": "후속 작업에는 시간대가 있는 기한이 필요합니다",
    "no such customer in your team's workspace": "우리 팀 워크스페이스에 그런 고객이 없습니다",
    "a follow-up's {field} cannot be empty": "후속 작업의 {field}은(는) 비워 둘 수 없습니다",
    "invalid follow-up {field}": "후속 작업의 {field}이(가) 잘못되었습니다",
    "the follow-up's {field} is too long": "후속 작업의 {field}이(가) 너무 깁니다",
    "invalid follow-up status {status}": "잘못된 후속 작업 상태 {status}",
    "the {what} no longer exists on the server": "이 {what}은(는) 서버에 더 이상 없습니다",
    "a follow-up can only be changed by its owner": "후속 작업은 만든 상담사만 바꿀 수 있습니다",
    "field {field} of a follow-up cannot be changed": "후속 작업의 {field} 항목은 바꿀 수 없습니다",
    "agents set only their own status": "상담사는 자기 상태만 바꿀 수 있습니다",
    "a status change is [old, new]": "상태 변경은 [old, new] 형식이어야 합니다",
    "invalid agent status {status}": "잘못된 상담사 상태 {status}",
    "the article no longer exists on the server": "이 문서는 서버에 더 이상 없습니다",
    "a vote is helpful or not helpful": "평가는 '도움이 됨' 또는 '도움이 안 됨'이어야 합니다",
    "invalid article use {kind}": "잘못된 문서 사용 방식 {kind}",
    "a proposal needs a title (at most 300 characters) and a body": "제안에는 제목(최대 300자)과 내용이 필요합니다",
    "tags must be a list of words": "태그는 단어 목록이어야 합니다",
    "this proposal was already {status}": "이 제안은 이미 처리되었습니다(상태: {status})",
    "invalid review action {action}": "잘못된 검토 작업 {action}",
    "a personal template belongs to the agent who saved it": "개인 템플릿은 저장한 상담사의 것입니다",
    "only a lead or admin can change the team's templates; save it as a personal template":
        "팀 템플릿은 팀장이나 관리자만 바꿀 수 있습니다. 개인 템플릿으로 저장하세요",
    "unknown template fields": "알 수 없는 템플릿 항목",
    "invalid template scope {scope}": "잘못된 템플릿 범위 {scope}",
    "a template needs a title (at most 200 characters) and a body": "템플릿에는 제목(최대 200자)과 내용이 필요합니다",
    "#{number}: status {old_status} was changed to {new_status} by {agent} (who saw {saw_status})":
        "#{number}: {agent} 님이 상태를 {old_status}에서 {new_status}(으)로 바꿨습니다(그 상담사가 본 상태: {saw_status})",
    "#{number}: your {field} was kept as a note; “{current}” stays": "#{number}: 내 {field} 변경은 메모로 남겼습니다. “{current}”이(가) 유지됩니다",
    "#{number}: {field} had already been changed to {current}; your {mine} was not applied":
        "#{number}: {field}이(가) 이미 {current}(으)로 바뀌어 내 값 {mine}은(는) 적용되지 않았습니다",
    "follow-up “{title}”: {field} had been changed meanwhile; yours was not applied":
        "후속 작업 “{title}”: 그 사이 {field}이(가) 바뀌어 내 변경은 적용되지 않았습니다",
    "too many requests: slow down": "요청이 너무 많습니다. 잠시 후 다시 하세요",
    "too many changes at once: slow down": "한 번에 변경이 너무 많습니다. 잠시 후 다시 하세요",
    "not a ticket of your team": "우리 팀의 티켓이 아닙니다",
    "only team leads and admins see where their agents are": "상담사의 현재 상태는 팀장과 관리자만 볼 수 있습니다",
    "sign in first": "먼저 로그인하세요",
    "too many failed sign-ins: wait a minute": "로그인 실패가 너무 많습니다. 1분 뒤에 다시 하세요",
    "a password needs at least {least} characters": "비밀번호는 {least}자 이상이어야 합니다",
    "a password may have at most {most} characters": "비밀번호는 최대 {most}자입니다",
    "wrong login or password": "로그인 또는 비밀번호가 틀렸습니다",
    "sign in again": "다시 로그인하세요",
    "the sign-in expired: sign in again": "로그인이 만료되었습니다. 다시 로그인하세요",

    # --- a template's render budget
    "template too large: {what}": "템플릿이 너무 큽니다: {what}",
    "template too slow: {what}": "템플릿이 너무 느립니다: {what}",
    "template too deep: calls nested more than {most} deep (does a macro call itself?)":
        "템플릿이 너무 깊습니다: 호출이 {most}단계 넘게 중첩됩니다(매크로가 자기 자신을 부르나요?)",
    "a field width or precision over {most} in '%' formatting": "'%' 서식의 폭이나 정밀도가 {most}을(를) 넘습니다",
    "a field width or precision over {most} in format()": "format()의 폭이나 정밀도가 {most}을(를) 넘습니다",
    "the formatted text would be over {most} characters": "서식을 적용한 글이 {most}자를 넘습니다",
    "it took more than {seconds} s to fill": "채우는 데 {seconds}초 넘게 걸렸습니다",
    "loops are limited to {most} steps in a template": "템플릿의 반복은 {most}회까지입니다",
    "it writes more than {most} characters": "{most}자 넘게 씁니다",
    "a list of more than {most} items": "항목이 {most}개 넘는 목록",
    "batch() is limited to {most} items a batch": "batch()는 한 묶음에 {most}개까지입니다",
    "slice() is limited to {most} slices": "slice()는 {most}조각까지입니다",
    "round() is limited to {most} digits": "round()는 {most}자리까지입니다",
    "tojson() indents by at most {most} spaces": "tojson()의 들여쓰기는 최대 {most}칸입니다",
    "sum() adds numbers only": "sum()은 숫자만 더합니다",
    "{what} would make {size} characters (at most {most})": "{what}이(가) {size}자를 만듭니다(최대 {most}자)",
    "it makes more than {most} characters of text along the way": "만드는 도중 글이 {most}자를 넘습니다",
    "a number over {most} bits": "{most}비트가 넘는 숫자",
    "a value of more than {most} characters": "{most}자가 넘는 값",
    "lipsum() is limited to {paragraphs} paragraphs of {words} words": "lipsum()은 {words}단어 문단 {paragraphs}개까지입니다",
    "the exponent is too large": "지수가 너무 큽니다",
    "the reply would be over {most} characters": "답변이 {most}자를 넘습니다",

    # --- the ticket rules: new customers and tickets (rules.py)
    "invalid contact kind {kind}: expected phone or email": "잘못된 연락처 종류 {kind}: phone 또는 email이어야 합니다",
    "a {contact_kind} is text": "{contact_kind} 연락처는 텍스트여야 합니다",
    "a {contact_kind} needs 1 to {most} characters": "{contact_kind} 연락처는 1~{most}자여야 합니다",
    "{value} is not a phone number": "{value}은(는) 전화번호가 아닙니다",
    "{value} is not an email address": "{value}은(는) 이메일 주소가 아닙니다",
    "a customer's name is text": "고객 이름은 텍스트여야 합니다",
    "a customer needs a name of 1 to {most} characters": "고객 이름은 1~{most}자여야 합니다",
    "a customer's name cannot hold control characters": "고객 이름에는 제어 문자를 쓸 수 없습니다",
    "invalid first message {kind}: expected one of {allowed}": "잘못된 첫 메시지 종류 {kind}: {allowed} 중 하나여야 합니다",
    "the first message is empty": "첫 메시지가 비어 있습니다",
    "a {channel} ticket cannot start with a public reply; log the call or add a note":
        "{channel} 티켓은 고객 답변으로 시작할 수 없습니다. 통화 기록이나 내부 메모를 남기세요",

    # --- customers: recording and editing them (services/intake.py, services/customers.py, customer_rules.py)
    "no customer with the {contact_kind} {ref}": "{contact_kind} {ref}(으)로 등록된 고객이 없습니다",
    "the {contact_kind} {ref} belongs to {count} customers; give the customer's id (agentdesk customer find --{option} …)":
        "{contact_kind} {ref}은(는) 고객 {count}명의 연락처입니다. 고객 ID를 입력하세요(agentdesk customer find --{option} …)",
    "{value} already belongs to customer {name}; open that customer instead of adding another":
        "{value}은(는) 이미 {name} 고객의 연락처입니다. 새로 등록하지 말고 그 고객을 여세요",
    "that contact point no longer exists": "이 연락처는 이미 삭제되었습니다",
    "{value} is already one of {name}'s contact points": "{value}은(는) 이미 {name} 고객의 연락처입니다",
    "{value} already belongs to {owners}": "{value}은(는) 이미 {owners} 고객의 연락처입니다",
    "the customer's name was changed by someone else while you were editing": "수정하는 동안 다른 사람이 고객 이름을 바꿨습니다",
    "the customer's notes were changed by someone else while you were editing": "수정하는 동안 다른 사람이 고객 메모를 바꿨습니다",
    "the customer's {field} was changed by someone else while you were editing": "수정하는 동안 다른 사람이 고객의 {field} 항목을 바꿨습니다",
    "name": "이름",
    "notes": "메모",
    "label": "라벨",
    "the {what} holds a control character": "{what}에 제어 문자가 들어 있습니다",
    "the {contact_kind} holds a control character": "{contact_kind} 연락처에 제어 문자가 들어 있습니다",
    "a customer's name needs 1 to {most} characters": "고객 이름은 1~{most}자여야 합니다",
    "notes are text": "메모는 텍스트여야 합니다",
    "notes hold at most {most} characters ({count} given)": "메모는 최대 {most}자입니다(입력한 글자 수: {count}자)",
    "field {field} of a customer cannot be changed": "고객의 {field} 항목은 바꿀 수 없습니다",
    "a customer's tags hold at most {most} characters; remove one first": "고객 태그는 합계 최대 {most}자입니다. 먼저 태그를 하나 지우세요",
    "a label is text": "라벨은 텍스트여야 합니다",
    "a label has at most {most} characters": "라벨은 최대 {most}자입니다",
    "invalid contact kind {kind}: expected one of {allowed}": "잘못된 연락처 종류 {kind}: {allowed} 중 하나여야 합니다",
    "{value}: a handle has no spaces": "{value}: 계정 ID에는 공백을 쓸 수 없습니다",
    "the customer {name} is served by another team; only that team or an admin can edit them":
        "{name} 고객은 다른 팀이 담당합니다. 그 팀이나 관리자만 수정할 수 있습니다",
    "the customer is served by another team; only that team or an admin can edit them":
        "이 고객은 다른 팀이 담당합니다. 그 팀이나 관리자만 수정할 수 있습니다",

    # --- attachments (services/attachments.py, server/blobs.py)
    "'{name}' is not attached: program and script files ({ext}) are not accepted":
        "'{name}' 파일은 첨부되지 않았습니다. 프로그램·스크립트 파일({ext})은 받지 않습니다",
    "'{name}' is not attached: it is {size}, a file may be at most {most}":
        "'{name}' 파일은 첨부되지 않았습니다. 크기가 {size}이며, 파일당 최대 {most}까지입니다",
    "'{name}' is not attached: the file is empty": "'{name}' 파일은 첨부되지 않았습니다. 빈 파일입니다",
    "at most {most} files can go with one message": "메시지 하나에 파일은 최대 {most}개까지 첨부할 수 있습니다",
    "the files of one message may be at most {most} together": "메시지 하나의 첨부 파일은 합계 {most}까지입니다",
    "an attachment names its content by a SHA-256 in hex": "첨부 파일은 내용을 16진수 SHA-256으로 지정해야 합니다",
    "an attached file is no longer in this draft; attach it again": "첨부한 파일이 이 초안에 더 이상 없습니다. 다시 첨부하세요",
    "no such attachment": "첨부 파일을 찾을 수 없습니다",
    "the content of '{name}' is not on this desk": "'{name}' 파일의 내용이 이 PC에 없습니다",
    "the content of '{name}' that arrived is not the file that was sent": "받은 '{name}' 파일의 내용이 보낸 파일과 다릅니다",
    "an attachment is {id, filename, sha256}": "첨부 파일은 {id, filename, sha256} 형식이어야 합니다",
    "invalid attachment id": "잘못된 첨부 파일 ID",
    "the content of '{name}' was not uploaded to the server": "'{name}' 파일의 내용이 서버에 업로드되지 않았습니다",

    # --- bulk actions (services/bulk.py)
    "a bulk action changes at most {most} tickets at once; {count} are selected":
        "일괄 작업은 한 번에 티켓 {most}개까지 바꿀 수 있습니다. 지금 {count}개를 선택했습니다",
    "choose what to change": "바꿀 항목을 선택하세요",
    "there is nothing to undo": "되돌릴 작업이 없습니다",
    "choose at least one other ticket to merge into the target": "대상 티켓에 병합할 다른 티켓을 하나 이상 선택하세요",

    # --- knowledge: public or internal (services/knowledge.py)
    "only a lead or admin can mark an article public or internal (this agent is {role})":
        "문서의 공개·내부 지정은 팀장이나 관리자만 할 수 있습니다(이 상담사의 역할: {role})",
    "a proposal is marked when it is published, not before": "제안 문서는 게시될 때 공개 범위를 지정합니다. 그 전에는 지정할 수 없습니다",

    # --- working hours (services/followups.py)
    "invalid working hours '{text}': write them like 'Mon-Fri 09:00-18:00'":
        "잘못된 근무 시간 '{text}': 'Mon-Fri 09:00-18:00'처럼 입력하세요",
    "invalid working hours '{text}': the times must be from 00:00 to 23:59":
        "잘못된 근무 시간 '{text}': 시각은 00:00부터 23:59 사이여야 합니다",
    "working hours need a start before the end and at least one day": "근무 시간은 시작이 끝보다 앞서야 하고 근무일이 하루 이상 있어야 합니다",
    "a due time needs its time zone": "기한에는 시간대가 필요합니다",

    # --- a macro's staged changes kept with a draft (services/templates.py)
    "not an object": "객체가 아닙니다",

    # --- a team workspace's replica: issue 12's writes (sync/capture.py)
    "a mention is made by writing a note that mentions a colleague": "멘션은 동료를 언급하는 내부 메모를 작성해서 합니다",
    "a contact point stays with its customer and kind; remove it and add a new one":
        "연락처의 고객과 종류는 바꿀 수 없습니다. 삭제한 뒤 새로 추가하세요",
    "files are attached to a new reply or note, with it": "파일은 새 답변이나 내부 메모를 작성할 때 함께 첨부합니다",

    # --- the team server: issue 12's writes (server/handlers.py)
    "only the agent who was mentioned can mark it read": "멘션된 상담사만 읽음으로 표시할 수 있습니다",
    "a new record's {name} are a list of objects": "새 레코드의 {name}은(는) 객체 목록이어야 합니다",
    "a new ticket needs its first message": "새 티켓에는 첫 메시지가 필요합니다",
    "invalid customer id": "잘못된 고객 ID",
    "invalid agent id": "잘못된 상담사 ID",
    "an agent without a team cannot open tickets": "팀에 속하지 않은 상담사는 티켓을 만들 수 없습니다",
    "a ticket can only be opened in your own team": "티켓은 내 팀에서만 만들 수 있습니다",
    "a customer's tags change is {add: [...], remove: [...]}": "고객 태그 변경은 {add: [...], remove: [...]} 형식이어야 합니다",
    "a contact point carries its customer, kind, value, label and primary flag only":
        "연락처에는 고객, 종류, 값, 라벨, 대표 여부만 담을 수 있습니다",
    "a contact point stays with its customer and kind": "연락처의 고객과 종류는 바꿀 수 없습니다",
    "a contact point is primary or not": "연락처의 대표 여부는 예 또는 아니요여야 합니다",
    "{value} also belongs to customer {owner}; both records were kept":
        "{value}은(는) {owner} 고객의 연락처이기도 합니다. 두 고객 기록을 모두 남겼습니다",
    "{name}: the {field} had been changed by someone else meanwhile; yours was not applied":
        "{name}: 그사이 다른 사람이 {field}을(를) 바꿔서 내 변경은 적용되지 않았습니다",

    # --- saved views: what a view is and who may write it (services/view_spec.py)
    "the view's filters are larger than {most} KiB": "보기의 필터가 {most} KiB를 넘습니다",
    "the view's filters are not valid JSON": "보기의 필터가 올바른 JSON 형식이 아닙니다",
    "the view's filters must be an object": "보기의 필터는 객체여야 합니다",
    "the view was saved by another version of AgentDesk (format {version})":
        "다른 버전의 AgentDesk에서 저장한 보기입니다(형식 {version})",
    "{field}: {detail} (and {more} more)": "{field}: {detail} (외 {more}건)",
    "a view needs a name": "보기 이름을 입력하세요",
    "a view's name has at most {most} characters": "보기 이름은 최대 {most}자입니다",
    "the name cannot hold control characters": "이름에는 제어 문자를 쓸 수 없습니다",
    "the text search cannot hold control characters": "검색어에는 제어 문자를 쓸 수 없습니다",
    "the assignee is 'me', 'none' or an id": "담당자는 'me', 'none' 또는 상담사 ID여야 합니다",
    "the team is 'mine' or an id": "팀은 'mine' 또는 팀 ID여야 합니다",
    "a view has at most {most} conditions": "보기 하나에 조건은 최대 {most}개까지 넣을 수 있습니다",
    "a time filter needs within_hours or older_than_hours": "기간 필터에는 within_hours나 older_than_hours가 필요합니다",
    "older_than_hours must be less than within_hours (nothing would match)":
        "older_than_hours는 within_hours보다 작아야 합니다(이대로는 해당하는 티켓이 없습니다)",
    "invalid view scope {scope}: expected personal or team": "잘못된 보기 범위 {scope}: personal 또는 team이어야 합니다",
    "a personal view belongs to no team": "개인 보기는 팀에 속하지 않습니다",
    "a personal view belongs to the agent who saved it": "개인 보기는 저장한 상담사만 바꿀 수 있습니다",
    "only a lead or admin can share views with a team; duplicate it into your own views":
        "팀에 보기를 공유하는 것은 팀장이나 관리자만 할 수 있습니다. 내 보기로 복제해서 쓰세요",
    "a team view needs the team it is shared with": "팀 보기에는 공유할 팀을 지정해야 합니다",
    "a lead shares views with their own team only": "팀장은 자기 팀에만 보기를 공유할 수 있습니다",

    # --- saved views: the agent's lists (services/saved_views.py)
    "no saved view '{ref}'": "저장된 보기 '{ref}'이(가) 없습니다",
    "saved view {name} cannot be read": "저장된 보기 {name}을(를) 읽을 수 없습니다",
    "saved view {name} was skipped: {error}": "저장된 보기 {name}을(를) 읽지 못해 목록에서 뺐습니다: {error}",
    "(unnamed)": "(이름 없음)",
    "unknown view '{ref}': expected one of {builtin}, or a saved view (yours and your team's: {names})":
        "알 수 없는 보기 '{ref}': {builtin} 중 하나이거나 저장된 보기(내 보기와 팀 보기: {names})여야 합니다",
    "none yet": "아직 없음",
    "your views already have one named “{name}”": "내 보기에 이미 “{name}” 보기가 있습니다",
    "the team's views already have one named “{name}”": "팀 보기에 이미 “{name}” 보기가 있습니다",
    "at most {most} views in one list; delete one first": "한 목록에 보기는 최대 {most}개까지입니다. 먼저 하나를 삭제하세요",

    # --- the team server: saved views (server/handlers.py)
    "unknown view fields": "알 수 없는 보기 항목이 있습니다",
    "a view's position is a whole number from 0 to 10,000": "보기 순서는 0부터 10,000 사이의 정수여야 합니다",
    "at most {most} views in one list": "한 목록에 보기는 최대 {most}개까지입니다",
    # --- issue 13: staffing (Erlang C) and exports
    "{field} must be a finite number, not {value}":
        "{field}은(는) 유한한 수여야 합니다({value}은(는) 쓸 수 없습니다)",
    "{field} must not be negative (got {value})":
        "{field}은(는) 음수일 수 없습니다(입력값 {value})",
    "{field} must be more than 0 (got {value})":
        "{field}은(는) 0보다 커야 합니다(입력값 {value})",
    "the target service level must be more than 0 and less than 1 (got {value})":
        "목표 서비스 수준은 0보다 크고 1보다 작아야 합니다(입력값 {value})",
    "shrinkage must be at least 0 and less than 1 (got {value})":
        "손실률(shrinkage)은 0 이상 1 미만이어야 합니다(입력값 {value})",
    "agents must be a whole number up to {most} (got {value})":
        "상담사 수는 {most} 이하의 정수여야 합니다(입력값 {value})",
    "{traffic} Erlangs need more than {most} agents to meet the target":
        "{traffic} 얼랑의 트래픽은 목표를 맞추려면 상담사가 {most}명보다 많이 필요합니다",
    "the period ends ({end}) before it starts ({start})":
        "기간의 끝({end})이 시작({start})보다 앞섭니다",
    "a staffing period has at most {most} days ({days} given)":
        "인력 산정 기간은 최대 {most}일입니다({days}일을 지정함)",
    "the period from {start} to {end} has no day on the chosen weekdays":
        "{start}부터 {end}까지의 기간에 선택한 요일이 없습니다",
    "choose at least one channel":
        "채널을 하나 이상 선택하세요",
    "no team '{name}'":
        "'{name}' 팀이 없습니다",
    "invalid export format '{value}': expected csv or xlsx":
        "잘못된 내보내기 형식 '{value}': csv 또는 xlsx여야 합니다",
    "an XLSX sheet holds at most {most} rows; export this list as CSV":
        "XLSX 시트에는 최대 {most}행까지 들어갑니다. 이 목록은 CSV로 내보내세요",

    # --- quality reviews (agentdesk/review_rules.py, services/reviews.py, server/handlers.py)
    "the {what} is missing":
        "{what}이(가) 비어 있습니다",
    "the {what} has at most {most} characters":
        "{what}은(는) 최대 {most}자입니다",
    "the {what} cannot hold control characters":
        "{what}에는 제어 문자를 쓸 수 없습니다",
    "a rubric item must be an object":
        "평가표 항목은 객체여야 합니다",
    "a rubric item has unknown fields: {fields}":
        "평가표 항목에 알 수 없는 필드가 있습니다: {fields}",
    "invalid rubric item key {key}: use up to 32 lower-case letters, digits or '_', starting with a letter":
        "잘못된 평가표 항목 키 {key}: 영문 소문자로 시작하는 소문자·숫자·'_' 32자 이내로 쓰세요",
    "the weight of {key} must be a number above 0 and at most {most}":
        "{key}의 가중치는 0보다 크고 {most} 이하인 수여야 합니다",
    "the maximum points of {key} must be a whole number from 1 to {most}":
        "{key}의 만점은 1부터 {most} 사이의 정수여야 합니다",
    "auto_fail of {key} must be true or false":
        "{key}의 auto_fail은 true 또는 false여야 합니다",
    "a rubric needs at least one item":
        "평가표에는 항목이 하나 이상 있어야 합니다",
    "a rubric has at most {most} items":
        "평가표 항목은 최대 {most}개입니다",
    "the rubric has item {key} twice":
        "평가표에 {key} 항목이 두 번 있습니다",
    "only a lead or admin can change a rubric":
        "평가표는 팀장이나 관리자만 바꿀 수 있습니다",
    "a lead changes their own team's rubric only":
        "팀장은 자기 팀의 평가표만 바꿀 수 있습니다",
    "no rubric {ref}":
        "평가표 {ref}이(가) 없습니다",
    "the rubric {name} has reviews: save the change as a new rubric":
        "평가표 {name}에는 이미 평가가 있습니다. 바꾼 내용은 새 평가표로 저장하세요",
    "no active rubric for this team: add one first":
        "이 팀에 사용 중인 평가표가 없습니다. 먼저 추가하세요",
    "the rubric {name} is not in use":
        "평가표 {name}은(는) 사용 중이 아닙니다",
    "the scores must be an object of item: points":
        "점수는 항목: 점수 형태의 객체여야 합니다",
    "the rubric has no item {key}":
        "평가표에 {key} 항목이 없습니다",
    "{key} is not scored":
        "{key} 항목에 점수가 없습니다",
    "{key} takes whole points from 0 to {most}":
        "{key} 항목 점수는 0부터 {most} 사이의 정수입니다",
    "invalid score {value}: write key=points, e.g. greeting=4":
        "잘못된 점수 {value}: 키=점수 형태로 쓰세요(예: greeting=4)",
    "the comments must be an object of item: text":
        "코멘트는 항목: 내용 형태의 객체여야 합니다",
    "the {what} comment must be text":
        "{what} 코멘트는 텍스트여야 합니다",
    "the {what} comment has at most {most} characters":
        "{what} 코멘트는 최대 {most}자입니다",
    "only a lead or admin can write a quality review":
        "품질 평가는 팀장이나 관리자만 할 수 있습니다",
    "nobody reviews their own work":
        "자기 응대는 평가할 수 없습니다",
    "a lead reviews only the agents of their own team":
        "팀장은 자기 팀 상담사만 평가할 수 있습니다",
    "ticket #{number} is not handled yet: only a solved or closed ticket is reviewed":
        "티켓 #{number}은(는) 아직 처리되지 않았습니다. 해결되거나 종료된 티켓만 평가합니다",
    "ticket #{number} was not handled by that agent":
        "티켓 #{number}은(는) 그 상담사가 처리한 티켓이 아닙니다",
    "ticket #{number} has no assignee to review":
        "티켓 #{number}에는 평가할 담당자가 없습니다",
    "ticket #{number} is an abusive contact: it is left out of quality reviews":
        "티켓 #{number}은(는) 폭언·폭력 응대로 기록되어 품질 평가에서 제외됩니다",
    "ticket #{number} has been reviewed already":
        "티켓 #{number}은(는) 이미 평가되었습니다",
    "you may not see the reviews of {name}":
        "{name} 님의 평가는 볼 수 없습니다",
    "a sample holds 1 to {most} tickets":
        "표본은 1건부터 {most}건까지입니다",
    "unknown review fields":
        "알 수 없는 평가 항목이 있습니다",
    "unknown rubric fields":
        "알 수 없는 평가표 항목이 있습니다",
    "a rubric's active mark is true or false":
        "평가표의 사용 여부는 true 또는 false여야 합니다",
    "no team '{ref}'": "'{ref}' 팀이 없습니다",
    # --- routing and priority rules (issue 13)
    "invalid routing mode {mode}: expected one of {allowed}": "잘못된 배정 방식 {mode}: {allowed} 중 하나여야 합니다",
    "the priority rules must be a list": "우선순위 규칙은 목록이어야 합니다",
    "at most {most} priority rules": "우선순위 규칙은 최대 {most}개까지입니다",
    "two age rules with the same minutes": "같은 시간(분)의 경과 시간 규칙이 두 개 있습니다",
    "priority rule {n} is not an object": "우선순위 규칙 {n}이(가) 객체가 아닙니다",
    "priority rule {n}: unknown kind {kind}: expected one of {allowed}": "우선순위 규칙 {n}: 알 수 없는 종류 {kind}: {allowed} 중 하나여야 합니다",
    "priority rule {n}: unknown fields {fields}": "우선순위 규칙 {n}: 알 수 없는 항목 {fields}",
    "priority rule {n}: {field} needs 1 to {most} entries": "우선순위 규칙 {n}: {field}에는 1~{most}개의 항목이 필요합니다",
    "priority rule {n}: each of {field} has 1 to {most} characters": "우선순위 규칙 {n}: {field}의 각 항목은 1~{most}자여야 합니다",
    "priority rule {n}: invalid {field} {value}: expected one of {allowed}": "우선순위 규칙 {n}: 잘못된 {field} 값 {value}: {allowed} 중 하나여야 합니다",
    "priority rule {n}: minutes must be a whole number from 1 to {most}": "우선순위 규칙 {n}: 시간(분)은 1부터 {most} 사이의 정수여야 합니다",
    "skills must be an object with channels, languages and categories lists": "기술은 channels, languages, categories 목록을 가진 객체여야 합니다",
    "the {field} of an agent's skills is a list of at most {most}": "상담사 기술의 {field}은(는) 최대 {most}개의 목록이어야 합니다",
    "invalid skill {field} {value}": "잘못된 기술 {field} 값 {value}",
    "capacity must be a whole number from 0 to {most}": "수용량은 0부터 {most} 사이의 정수여야 합니다",
    "only a lead of the team or an admin can change its routing": "팀의 리드 또는 관리자만 배정 규칙을 바꿀 수 있습니다",
    "only a lead of the agent's team or an admin can change an agent's capacity and skills": "상담사의 팀 리드 또는 관리자만 수용량과 기술을 바꿀 수 있습니다",
    "you cannot raise your own capacity; ask your lead": "자신의 수용량은 올릴 수 없습니다. 리드에게 요청하세요",
    "which team? give --team (teams: {names})": "어느 팀인가요? --team 으로 지정하세요 (팀: {names})",
    "unknown routing rule fields": "알 수 없는 배정 규칙 항목이 있습니다",
    "a team's routing rules have the id derived from the team": "팀의 배정 규칙 id는 팀에서 정해집니다",
    "an agent profile change holds capacity or skills, nothing else": "상담사 프로필 변경에는 수용량이나 기술만 담을 수 있습니다",

    # --- agent states and agent protection (issue 13)
    "invalid agent status {status}: expected one of {allowed}": "잘못된 상담사 상태 {status}: {allowed} 중 하나여야 합니다",
    "invalid incident kind {kind}: expected one of {allowed}": "잘못된 보호 조치 종류 {kind}: {allowed} 중 하나여야 합니다",
    "a warning is level 1 or 2, not {level}": "경고는 1차 또는 2차만 있습니다({level} 아님)",
    "the reason is text": "사유는 텍스트여야 합니다",
    "the reason has at most {most} characters": "사유는 최대 {most}자입니다",
    "ending a contact needs a reason": "상담을 종료하려면 사유를 입력해야 합니다",
    "agents record protection incidents only for themselves": "보호 조치 기록은 상담사 본인만 남길 수 있습니다",
    "protection incidents are recorded on tickets of your own team": "보호 조치는 내 팀의 티켓에만 기록할 수 있습니다",
    "only a warning names the script message it sent": "경고만 보낸 안내 메시지를 지정할 수 있습니다",
    "a warning names the script message it sent": "경고에는 보낸 안내 메시지가 있어야 합니다",
    "the warning's script is not your reply or call log on this ticket": "경고 안내 메시지가 이 티켓에 내가 쓴 답변이나 통화 기록이 아닙니다",
    "a warning script is text of 1 to {most} characters": "경고 안내 문구는 1~{most}자의 텍스트여야 합니다",
    "a protection incident carries its ticket, kind, reason and script message only": "보호 조치 기록에는 티켓, 종류, 사유, 안내 메시지만 담을 수 있습니다",
    # --- supervisor metrics and work time (issue 13)
    "no team is named '{team}' (teams: {known})": "'{team}'이라는 팀이 없습니다 (팀: {known})",
    "the period starts after it ends: {start} is after {end}": "기간의 시작이 끝보다 늦습니다: {start}은(는) {end} 이후입니다",
    "a period is at most {most} days": "기간은 최대 {most}일입니다",
    "unknown metric '{key}': expected one of {allowed}": "알 수 없는 지표 '{key}': {allowed} 중 하나여야 합니다",
    "an hour of the day is 0 to 23, in a one-day period (got {hour})": "시간대는 하루짜리 기간에서 0~23이어야 합니다 (입력: {hour})",
    "a chart covers 1 to 366 days (got {days})": "차트 기간은 1~366일입니다 (입력: {days})",
    "invalid kind of work {kind}: expected one of {allowed}": "잘못된 작업 종류 {kind}: {allowed} 중 하나여야 합니다",
    "recorded time is a whole number of seconds from 1 to {most}": "기록 시간은 1~{most}초 사이의 정수여야 합니다",
    "the work's start time is not a valid time with a zone": "작업 시작 시각이 시간대가 있는 올바른 시각이 아닙니다",
    "the work's start time is in the future": "작업 시작 시각이 미래입니다",
    "ticket #{number} is another team's: time is recorded on your team's tickets": "티켓 #{number}은(는) 다른 팀의 티켓입니다: 작업 시간은 우리 팀 티켓에만 기록합니다",
    "an agent records only their own time": "상담사는 자기 작업 시간만 기록할 수 있습니다",
    "the message is {size}, more than the {most} one inbound message may be: nothing of it was stored": "메시지가 {size}(으)로, 수신 메시지 하나의 최대 크기 {most}을(를) 넘습니다: 아무것도 저장하지 않았습니다",
    # --- phone calls (issue 14)
    "invalid call disposition {disposition}: expected one of {allowed}": "잘못된 통화 결과 {disposition}: {allowed} 중 하나여야 합니다",
    "a call's talk, hold and after-call work are whole seconds from 0 to {most}": "통화·보류·후처리 시간은 0~{most}초 사이의 정수여야 합니다",
    "call notes have at most {most} characters": "통화 메모는 최대 {most}자입니다",
    "the call event's {field} is missing or not valid": "통화 이벤트의 {field} 값이 없거나 올바르지 않습니다",
    "the call event's {field} is not a time with a zone (ISO 8601)": "통화 이벤트의 {field} 값이 시간대가 있는 시각(ISO 8601)이 아닙니다",
    "call {call_id} has sent {most} events already: no more are taken": "통화 {call_id}의 이벤트가 이미 {most}개입니다: 더 받지 않습니다",
}
