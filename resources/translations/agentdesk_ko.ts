<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <location filename="../../agentdesk/views/reviews.py" line="+581"/>
        <source>Reviewed by %1 on %2</source>
        <translation>%1 님 평가 · %2</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../agentdesk/ui/about.py" line="+29"/>
        <source>About AgentDesk</source>
        <translation>AgentDesk 정보</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>About</source>
        <translation>정보</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Licences</source>
        <translation>라이선스</translation>
    </message>
    <message>
        <location line="+9"/>
        <source> (packaged)</source>
        <translation> (설치판)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Workspace</source>
        <translation>워크스페이스</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logs and crash reports</source>
        <translation>로그 및 오류 보고서</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Built with</source>
        <translation>구성 요소</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The contact-centre agent’s workstation.</source>
        <translation>상담사를 위한 통합 업무 화면.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AgentDesk bundles open-source software; see the Licences tab.</source>
        <translation>AgentDesk는 오픈 소스 소프트웨어를 포함합니다. 라이선스 탭을 보세요.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The licence notices are missing from this installation (%1).</source>
        <translation>이 설치본에 라이선스 고지 파일이 없습니다 (%1).</translation>
    </message>
</context>
<context>
    <name>AssignmentsPane</name>
    <message>
        <location filename="../../agentdesk/views/trainer.py" line="+545"/>
        <location line="+45"/>
        <source>Practice</source>
        <translation>연습</translation>
    </message>
    <message>
        <location line="-44"/>
        <location line="+44"/>
        <source>Certification</source>
        <translation>인증</translation>
    </message>
    <message>
        <location line="-43"/>
        <location line="+13"/>
        <source>Due</source>
        <translation>마감</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Note for the trainee (optional)</source>
        <translation>교육생에게 남길 메모 (선택)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assign</source>
        <translation>배정</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Trainee</source>
        <translation>교육생</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Scenario</source>
        <translation>시나리오</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+12"/>
        <source>Mode</source>
        <translation>방식</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Attempts</source>
        <translation>시도</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Best</source>
        <translation>최고</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passed</source>
        <translation>합격</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+15"/>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Scenarios</source>
        <translation>시나리오</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Trainees</source>
        <translation>교육생</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Due date</source>
        <translation>마감일</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Assigned</source>
        <translation>배정된 과제</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Tick at least one scenario and one trainee.</source>
        <translation>시나리오와 교육생을 하나 이상 선택하세요.</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%n assignment(s) made.</source>
        <translation>
            <numerusform>과제 %n건을 배정했습니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AttachmentChip</name>
    <message>
        <location filename="../../agentdesk/views/attachments.py" line="+190"/>
        <source>Remove this file</source>
        <translation>이 파일 빼기</translation>
    </message>
</context>
<context>
    <name>AttachmentTray</name>
    <message>
        <location line="+30"/>
        <source>Attach…</source>
        <translation>파일 첨부…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attach files (or drop them here, or paste a screenshot with Ctrl+V); at most %1 files, %2 each, %3 together</source>
        <translation>파일을 첨부합니다(여기에 끌어다 놓거나 Ctrl+V로 화면 캡처를 붙여 넣어도 됩니다). 최대 %1개, 파일당 %2, 합계 %3</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Attach files</source>
        <translation>파일 첨부</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <location line="-170"/>
        <source>%1 could not be read: %2</source>
        <translation>%1 파일을 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <location line="+317"/>
        <source>Save as…</source>
        <translation>저장…</translation>
    </message>
    <message>
        <location line="+208"/>
        <source>The file could not be fetched from the team server: %1</source>
        <translation>팀 서버에서 파일을 가져오지 못했습니다: %1</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Not saved: %1</source>
        <translation>저장하지 못했습니다: %1</translation>
    </message>
</context>
<context>
    <name>AutoresponsePane</name>
    <message>
        <location filename="../../agentdesk/views/autoresponse.py" line="+73"/>
        <source>Answer simple questions automatically from the knowledge base</source>
        <translation>간단한 문의는 지식베이스로 자동 응답</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Team</source>
        <translation>팀</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Confidence threshold</source>
        <translation>신뢰도 기준</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Categories it may answer (public articles only):</source>
        <translation>자동 응답할 분류 (고객 공개 문서만):</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Never answered automatically</source>
        <translation>자동 응답하지 않는 경우</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>An automatic answer is the article&apos;s text in a short frame, signed &quot;Automatic answer&quot;; the ticket waits for the customer, tagged auto-answered. If the customer replies that it did not help, the ticket returns to the queue one priority step higher.</source>
        <translation>자동 응답은 지식베이스 문서 내용을 짧은 안내문에 담아 &apos;자동 응답&apos; 이름으로 보냅니다. 티켓은 auto-answered 태그와 함께 고객 응답 대기 상태가 됩니다. 고객이 해결되지 않았다고 답하면 우선순위를 한 단계 올려 대기열로 돌려보냅니다.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>No team to edit: automatic answers are set by the team&apos;s lead.</source>
        <translation>설정할 팀이 없습니다: 자동 응답은 팀장이 설정합니다.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Saved on %1</source>
        <translation>%1에 저장됨</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Off: nothing is answered automatically until you turn it on and save.</source>
        <translation>꺼짐: 켜고 저장하기 전에는 자동으로 답하지 않습니다.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not measured this low.</source>
        <translation>이 기준에서는 측정하지 않았습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Measured on %1 labelled messages: %2% of automatic answers right, %3% of messages answered</source>
        <translation>라벨링된 문의 %1건 측정: 자동 응답 정확도 %2%, 자동 응답 비율 %3%</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Saved: %1 answers %2 categories automatically on %3</source>
        <translation>저장됨: %1은(는) %3 채널에서 %2개 분류를 자동 응답합니다</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saved: automatic answers are off for %1 on %2</source>
        <translation>저장됨: %1의 %2 채널 자동 응답이 꺼져 있습니다</translation>
    </message>
</context>
<context>
    <name>BulkActions</name>
    <message>
        <location filename="../../agentdesk/views/inbox_bulk.py" line="+384"/>
        <source>status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>assignee</source>
        <translation>담당자</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>The first %1 of %2 tickets are selected: a bulk action changes at most %1 at once.</source>
        <translation>티켓 %2건 중 처음 %1건을 선택했습니다. 일괄 작업은 한 번에 최대 %1건을 변경합니다.</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Me</source>
        <translation>나</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unassigned</source>
        <translation>미배정</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Select tickets first (x, or Ctrl+click).</source>
        <translation>먼저 티켓을 선택하세요 (x 또는 Ctrl+클릭).</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Select two or more tickets to merge.</source>
        <translation>병합할 티켓을 두 건 이상 선택하세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>At most %1 tickets can be merged at once.</source>
        <translation>한 번에 최대 %1건까지 병합할 수 있습니다.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>There is no bulk action to undo.</source>
        <translation>되돌릴 일괄 작업이 없습니다.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>That bulk action was already undone.</source>
        <translation>이미 되돌린 일괄 작업입니다.</translation>
    </message>
    <message numerus="yes">
        <location line="+27"/>
        <source>%n ticket(s) merged</source>
        <translation>
            <numerusform>티켓 %n건 병합</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Undone on %n ticket(s)</source>
        <translation>
            <numerusform>티켓 %n건 되돌림</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Changed %n ticket(s)</source>
        <translation>
            <numerusform>티켓 %n건 변경</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it changed after you selected it</source>
        <translation>선택한 뒤에 변경됨</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it no longer exists</source>
        <translation>더 이상 없음</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>already back as it was</source>
        <translation>이미 원래대로임</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>changed since by someone else, kept: %1</source>
        <translation>그 사이 다른 사람이 변경하여 유지: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>already so</source>
        <translation>이미 그 값</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>skipped</source>
        <translation>건너뜀</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a ticket</source>
        <translation>티켓</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n ticket(s) already had it.</source>
        <translation>
            <numerusform>%n건은 이미 그 값이었습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>and %n more ticket(s)</source>
        <translation>
            <numerusform>외 %n건</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Skipped %n ticket(s): %1</source>
        <translation>
            <numerusform>%n건 건너뜀: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bulk action</source>
        <translation>일괄 작업</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Details</source>
        <translation>자세히</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Undo</source>
        <translation>되돌리기</translation>
    </message>
</context>
<context>
    <name>BulkBar</name>
    <message>
        <location line="-630"/>
        <source>Assign</source>
        <translation>배정</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags…</source>
        <translation>태그…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge…</source>
        <translation>병합…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge the selected tickets into one of them</source>
        <translation>선택한 티켓을 그중 하나로 병합</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select all matching</source>
        <translation>조건에 맞는 티켓 모두 선택</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every ticket in this view and filters, up to %1 (Ctrl+A)</source>
        <translation>이 보기와 필터의 모든 티켓, 최대 %1건 (Ctrl+A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear</source>
        <translation>선택 해제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear the selection (Esc)</source>
        <translation>선택을 해제합니다 (Esc)</translation>
    </message>
    <message numerus="yes">
        <location line="+50"/>
        <source>%n ticket(s) selected</source>
        <translation>
            <numerusform>%n건 선택됨</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkMergeDialog</name>
    <message>
        <location line="+67"/>
        <source>Merge tickets</source>
        <translation>티켓 병합</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge the selected tickets into the one you choose:</source>
        <translation>선택한 티켓을 아래에서 고른 티켓으로 병합합니다:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Merge anyway: I checked they are the same person</source>
        <translation>그래도 병합: 같은 사람인지 확인했습니다</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Looking up…</source>
        <translation>찾는 중…</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+44"/>
        <source>Unknown customer</source>
        <translation>알 수 없는 고객</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>already merged into #%1: skipped</source>
        <translation>이미 #%1(으)로 병합됨: 건너뜀</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Choose the ticket to merge into; at least one other must be left to merge.</source>
        <translation>병합될 대상 티켓을 고르세요. 병합할 다른 티켓이 하나 이상 있어야 합니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 will be closed and their conversations shown in #%2. This cannot be undone.</source>
        <translation>%1 티켓이 종료되고 대화는 #%2에 함께 표시됩니다. 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Different customers: %1. Their conversations will be shown together.</source>
        <translation>고객이 다릅니다: %1. 대화가 한 티켓에 함께 표시됩니다.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Merge %n ticket(s) into #%1</source>
        <translation>
            <numerusform>티켓 %n건을 #%1(으)로 병합</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge</source>
        <translation>병합</translation>
    </message>
</context>
<context>
    <name>BulkSelection</name>
    <message>
        <location line="-260"/>
        <source>At most %1 tickets can be selected: a bulk action changes at most that many at once.</source>
        <translation>최대 %1건까지 선택할 수 있습니다. 일괄 작업은 한 번에 그만큼만 변경합니다.</translation>
    </message>
</context>
<context>
    <name>BulkTagsDialog</name>
    <message numerus="yes">
        <location line="+120"/>
        <source>Tags of %n ticket(s)</source>
        <translation>
            <numerusform>티켓 %n건의 태그</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. refund vip</source>
        <translation>예: 환불 vip</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add</source>
        <translation>추가</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Separate tags with spaces or commas.</source>
        <translation>태그는 공백이나 쉼표로 구분하세요.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Type a tag to add or to remove.</source>
        <translation>추가하거나 삭제할 태그를 입력하세요.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>“%1” is not a valid tag: 1 to %2 letters, no control characters.</source>
        <translation>“%1”은(는) 올바른 태그가 아닙니다. 1~%2자, 제어 문자 없이 입력하세요.</translation>
    </message>
</context>
<context>
    <name>CalendarPane</name>
    <message>
        <location filename="../../agentdesk/views/calendar.py" line="+948"/>
        <source>No open follow-ups in the next two weeks</source>
        <translation>앞으로 2주 동안 예정된 후속 작업이 없습니다</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Previous</source>
        <translation>이전</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+102"/>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <location line="-85"/>
        <source>Month</source>
        <translation>월간</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Week</source>
        <translation>주간</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+138"/>
        <source>Agenda</source>
        <translation>목록</translation>
    </message>
    <message>
        <location line="-126"/>
        <source>+ New</source>
        <translation>+ 추가</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New follow-up</source>
        <translation>새 후속 작업</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export or import an iCalendar (.ics) file</source>
        <translation>iCalendar(.ics) 파일로 내보내기·가져오기</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export to .ics…</source>
        <translation>.ics로 내보내기…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import from .ics…</source>
        <translation>.ics에서 가져오기…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Mon</source>
        <translation>월</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tue</source>
        <translation>화</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Wed</source>
        <translation>수</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Thu</source>
        <translation>목</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fri</source>
        <translation>금</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sat</source>
        <translation>토</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sun</source>
        <translation>일</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+355"/>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location line="-355"/>
        <source>Overdue</source>
        <translation>기한 지남</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>+%1 more</source>
        <translation>+%1건 더</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing planned this week</source>
        <translation>이번 주에 예정된 일이 없습니다</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+373"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location line="-372"/>
        <source>iCalendar file</source>
        <translation>iCalendar 파일</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>iCalendar (*.ics);;All files (*)</source>
        <translation>iCalendar (*.ics);;모든 파일 (*)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Callback</source>
        <translation>콜백</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Follow-up</source>
        <translation>후속 작업</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>snoozed until %1</source>
        <translation>%1까지 알림 미룸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personal</source>
        <translation>개인 일정</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Tomorrow</source>
        <translation>내일</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>%2/%1</source>
        <translation>%1년 %2월</translation>
    </message>
    <message numerus="yes">
        <location line="+53"/>
        <source>%n overdue</source>
        <translation>
            <numerusform>기한 지남 %n건</numerusform>
        </translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Overdue (%1)</source>
        <translation>기한 지남 (%1)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Nothing planned — double-click a day to add a follow-up</source>
        <translation>예정 없음 — 날짜를 두 번 클릭하면 추가합니다</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Delete this follow-up?</source>
        <translation>이 후속 작업을 삭제할까요?</translation>
    </message>
    <message numerus="yes">
        <location line="+47"/>
        <source>Exported %n follow-ups</source>
        <translation>
            <numerusform>후속 작업 %n건을 내보냈습니다</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+3"/>
        <source>Calendar imported</source>
        <translation>일정을 가져왔습니다</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>%1 new, %2 updated</source>
        <translation>새로 %1건, 갱신 %2건</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Already up to date: every event was here as it is.</source>
        <translation>이미 최신입니다. 모든 일정이 그대로 있습니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing was imported</source>
        <translation>아무것도 가져오지 않았습니다</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Open ticket #%1</source>
        <translation>티켓 #%1 열기</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open customer</source>
        <translation>고객 열기</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Done (next occurrence)</source>
        <translation>완료(다음 회차로)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Done and mark ticket solved</source>
        <translation>완료하고 티켓 해결 처리</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Snooze</source>
        <translation>다시 알림</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>10 minutes</source>
        <translation>10분 후</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1 hour</source>
        <translation>1시간 후</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tomorrow 09:00</source>
        <translation>내일 09:00</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reopen</source>
        <translation>다시 열기</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit series…</source>
        <translation>반복 일정 수정…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit…</source>
        <translation>편집…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete series</source>
        <translation>반복 일정 전체 삭제</translation>
    </message>
</context>
<context>
    <name>CallFields</name>
    <message>
        <location filename="../../agentdesk/views/new_ticket.py" line="+70"/>
        <source>Inbound</source>
        <translation>수신</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outbound</source>
        <translation>발신</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>length unknown</source>
        <translation>통화 시간 모름</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> min</source>
        <translation>분</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Inbound call</source>
        <translation>수신 통화</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outbound call</source>
        <translation>발신 통화</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <location filename="../../agentdesk/views/call_panel.py" line="+112"/>
        <source>☎ Start call</source>
        <translation>☎ 통화 시작</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start the call timer (the recording notice is shown to read)</source>
        <translation>통화 시간 측정을 시작합니다 (녹음 안내 문구가 표시됩니다)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Inbound</source>
        <translation>수신</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outbound</source>
        <translation>발신</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+226"/>
        <source>Hold</source>
        <translation>보류</translation>
    </message>
    <message>
        <location line="-224"/>
        <source>Hang up</source>
        <translation>통화 종료</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End the call; after-call work starts</source>
        <translation>통화를 끝내고 후처리를 시작합니다</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Read to the caller</source>
        <translation>안내 완료</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Disposition…</source>
        <translation>통화 결과 선택…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Call notes: what the caller needed and what you agreed</source>
        <translation>통화 메모: 고객 요청 사항과 안내·합의한 내용</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Finish and log</source>
        <translation>기록하고 마치기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write the call log with its talk, hold and after-call work</source>
        <translation>통화·보류·후처리 시간과 함께 통화 기록을 저장합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Discard</source>
        <translation>버리기</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Recording notice</source>
        <translation>녹음 안내</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Choose how the call ended.</source>
        <translation>통화 결과를 선택하세요.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Discard call</source>
        <translation>통화 버리기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop this call without logging it?</source>
        <translation>이 통화를 기록하지 않고 버릴까요?</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Talk %1</source>
        <translation>통화 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold %1</source>
        <translation>보류 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After-call work %1</source>
        <translation>후처리 %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Resume</source>
        <translation>통화 재개</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>On a call</source>
        <translation>통화 중</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>On hold</source>
        <translation>보류 중</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After-call work</source>
        <translation>후처리 중</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>on #%1</source>
        <translation>#%1 통화</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <location filename="../../agentdesk/ui/palette.py" line="+67"/>
        <source>Type a command, a view, a ticket number or a customer…</source>
        <translation>명령, 보기, 티켓 번호 또는 고객을 입력하세요…</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../../agentdesk/ui/connect.py" line="+193"/>
        <source>Connect to team workspace</source>
        <translation>팀 워크스페이스에 연결</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Port</source>
        <translation>포트</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server</source>
        <translation>서버 주소</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. kim.minji</source>
        <translation>예: kim.minji</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Login</source>
        <translation>로그인 ID</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The name this connection is saved under on this computer</source>
        <translation>이 컴퓨터에 이 연결을 저장할 이름</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save as</source>
        <translation>저장 이름</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Certificate file from IT (.pem, .crt)</source>
        <translation>IT 담당자가 준 인증서 파일 (.pem, .crt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>CA file</source>
        <translation>CA 인증서</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>AgentDesk keeps a sign-in token, never your password.</source>
        <translation>로그인 토큰만 보관하며, 비밀번호는 저장하지 않습니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Keep it in the OS keyring (recommended)</source>
        <translation>운영체제 키링에 보관 (권장)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Keep it in a file locked with a passphrase</source>
        <translation>암호 문구로 잠근 파일에 보관</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Passphrase</source>
        <translation>암호 문구</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Again</source>
        <translation>다시 입력</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Test connection</source>
        <translation>연결 테스트</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connect</source>
        <translation>연결</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+235"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="-98"/>
        <source>CA certificate</source>
        <translation>CA 인증서</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>인증서 (*.pem *.crt *.cer);;모든 파일 (*)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Enter the server address.</source>
        <translation>서버 주소를 입력하세요.</translation>
    </message>
    <message>
        <location line="-307"/>
        <source>Enter what your team lead or IT gave you: the team server&apos;s address and your login.</source>
        <translation>팀장이나 IT 담당자에게 받은 팀 서버 주소와 로그인 ID를 입력하세요.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>e.g. team.example.com</source>
        <translation>예: team.example.com</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The team server&apos;s name, or the whole address you were given (https://team.example.com:8443): it fills in the port too.</source>
        <translation>팀 서버 이름을 입력하거나 받은 주소 전체(https://team.example.com:8443)를 붙여 넣으세요. 포트도 함께 채워집니다.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Advanced: certificate and http</source>
        <translation>고급: 인증서 및 http</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Only if your team&apos;s server has a certificate from the team&apos;s own certificate authority. Left empty, the certificates this computer trusts are used.</source>
        <translation>팀 서버가 팀 자체 인증 기관(CA)의 인증서를 쓰는 경우에만 지정하세요. 비워 두면 이 컴퓨터가 신뢰하는 인증서로 확인합니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Use plain http (only for a server on this computer)</source>
        <translation>암호화 없는 http 사용 (이 컴퓨터의 서버 전용)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Remember the sign-in</source>
        <translation>로그인 정보 저장 위치</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+9"/>
        <source>Ask for my password each time I connect</source>
        <translation>연결할 때마다 비밀번호 입력</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>This computer has no secure store (OS keyring), so AgentDesk cannot keep your sign-in there.</source>
        <translation>이 컴퓨터에는 안전한 저장소(운영체제 키링)가 없어 AgentDesk가 로그인 정보를 그곳에 보관할 수 없습니다.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>At least %1 characters. AgentDesk asks for it when it starts, instead of your password.</source>
        <translation>%1자 이상. AgentDesk를 시작할 때 비밀번호 대신 입력합니다.</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>This connection was saved for the team database, which AgentDesk no longer connects to. Enter the team server&apos;s address (ask your team lead or IT); your local data is kept.</source>
        <translation>이 연결은 팀 데이터베이스에 직접 연결하던 방식으로 저장되어 더 이상 쓸 수 없습니다. 팀 서버 주소를 입력하세요(팀장이나 IT 담당자에게 문의). 로컬 데이터는 그대로 유지됩니다.</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>Enter your login.</source>
        <translation>로그인 ID를 입력하세요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+262"/>
        <source>Enter your password.</source>
        <translation>비밀번호를 입력하세요.</translation>
    </message>
    <message>
        <location line="-243"/>
        <location line="+272"/>
        <source>The passphrase needs at least %1 characters.</source>
        <translation>암호 문구는 %1자 이상이어야 합니다.</translation>
    </message>
    <message>
        <location line="-267"/>
        <source>The two passphrases differ.</source>
        <translation>두 암호 문구가 서로 다릅니다.</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Replace connection?</source>
        <translation>연결을 바꿀까요?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A connection named “%1” is already saved on this computer. Replace it?</source>
        <translation>“%1” 이름의 연결이 이 컴퓨터에 이미 저장되어 있습니다. 새 정보로 바꿀까요?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replace</source>
        <translation>바꾸기</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Saving…</source>
        <translation>저장 중…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signing in to the team server…</source>
        <translation>팀 서버에 로그인하는 중…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Signed in as %1 (%2)</source>
        <translation>%1(%2) 님으로 로그인했습니다</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>The team server at %1 could not answer (%2). Try again in a moment; if it goes on, tell your administrator.</source>
        <translation>%1 팀 서버가 응답하지 못했습니다(%2). 잠시 후 다시 시도하고, 계속되면 관리자에게 알려 주세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The connection to %1 failed: %2</source>
        <translation>%1에 연결하지 못했습니다: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No encrypted (https) connection could be made to %1. A team server on this computer may use plain http: tick it under Advanced.</source>
        <translation>%1에 암호화(https) 연결을 할 수 없습니다. 이 컴퓨터의 팀 서버는 http를 쓸 수 있으니 고급에서 http 사용을 선택하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No encrypted (https) connection could be made to %1. Check the port, or ask your administrator whether the server uses https.</source>
        <translation>%1에 암호화(https) 연결을 할 수 없습니다. 포트를 확인하거나 서버가 https를 쓰는지 관리자에게 문의하세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server&apos;s certificate is not for “%1”. Check the server address.</source>
        <translation>서버 인증서가 “%1”에 발급된 것이 아닙니다. 서버 주소를 확인하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server&apos;s certificate has expired. Tell your administrator.</source>
        <translation>서버 인증서가 만료되었습니다. 관리자에게 알려 주세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server&apos;s certificate could not be verified with the CA file %1. Check that it is your team&apos;s CA file.</source>
        <translation>CA 인증서 파일 %1(으)로 서버 인증서를 확인하지 못했습니다. 팀의 CA 인증서 파일이 맞는지 확인하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server&apos;s certificate could not be verified. If your team uses its own certificate authority, choose its CA file under Advanced.</source>
        <translation>서버 인증서를 확인하지 못했습니다. 팀 자체 인증 기관(CA)을 쓴다면 고급에서 CA 인증서 파일을 선택하세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>That is a database address: desks now connect to the team server (https://HOST:%1). Ask your team lead or IT for its address.</source>
        <translation>데이터베이스 주소입니다. 이제는 팀 서버(https://HOST:%1)에 연결합니다. 팀장이나 IT 담당자에게 팀 서버 주소를 문의하세요.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Plain http is only for a team server on this computer (127.0.0.1): untick it under Advanced.</source>
        <translation>암호화 없는 http는 이 컴퓨터(127.0.0.1)의 팀 서버에만 쓸 수 있습니다. 고급에서 선택을 해제하세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Leave your login and password out of the server address.</source>
        <translation>서버 주소에는 로그인 ID와 비밀번호를 넣지 마세요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the server address: a name such as team.example.com, or https://team.example.com:8443.</source>
        <translation>서버 주소를 확인하세요. 예: team.example.com 또는 https://team.example.com:8443</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>“%1” is not a server address. Enter a name such as team.example.com, or paste the address you were given.</source>
        <translation>“%1”은(는) 서버 주소가 아닙니다. team.example.com 같은 이름을 입력하거나 받은 주소를 붙여 넣으세요.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The team server at %1 did not answer within %2 seconds. Check the server address, the port and your network (VPN).</source>
        <translation>%1 팀 서버가 %2초 안에 응답하지 않았습니다. 서버 주소, 포트, 네트워크(VPN)를 확인하세요.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Too many failed sign-ins for now: wait a minute, then try again.</source>
        <translation>로그인 실패가 너무 많습니다. 1분 뒤에 다시 시도하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The team server is busy. Try again in a moment.</source>
        <translation>팀 서버가 혼잡합니다. 잠시 후 다시 시도하세요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server at %1 refused the request (%2). Check that this is your team&apos;s AgentDesk server.</source>
        <translation>%1 서버가 요청을 거부했습니다(%2). 팀의 AgentDesk 서버 주소가 맞는지 확인하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot use the team server at %1: %2</source>
        <translation>%1 팀 서버를 사용할 수 없습니다: %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The team server&apos;s schema (%1) is older than this app&apos;s (%2): an admin must run &apos;agentdesk admin init-server&apos; and restart &apos;agentdesk server&apos;. Until then nothing is sent.</source>
        <translation>팀 서버의 스키마(%1)가 이 앱(%2)보다 오래되었습니다. 관리자가 &apos;agentdesk admin init-server&apos;를 실행하고 &apos;agentdesk server&apos;를 다시 시작해야 합니다. 그때까지는 아무것도 전송되지 않습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A connection named “%1” is already saved on this computer.</source>
        <translation>“%1” 이름의 연결이 이 컴퓨터에 이미 저장되어 있습니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This computer has no OS keyring; choose another way to keep the sign-in.</source>
        <translation>이 컴퓨터에는 운영체제 키링이 없습니다. 로그인 정보를 보관할 다른 방법을 선택하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The OS keyring did not keep the sign-in. Try again, or choose another way to keep it.</source>
        <translation>운영체제 키링에 로그인 정보를 보관하지 못했습니다. 다시 시도하거나 다른 보관 방법을 선택하세요.</translation>
    </message>
    <message>
        <location line="-105"/>
        <source>agent</source>
        <translation>상담사</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>team lead</source>
        <translation>팀장</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>trainer</source>
        <translation>교육 담당</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>administrator</source>
        <translation>관리자</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Unknown server name “%1”. Check the server address.</source>
        <translation>알 수 없는 서버 이름입니다: “%1”. 서버 주소를 확인하세요.</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>Nothing answers at %1. Check the server address and the port, or whether the server is running.</source>
        <translation>%1에서 응답이 없습니다. 서버 주소와 포트를 확인하거나 서버가 실행 중인지 확인하세요.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>The CA file was not found: %1</source>
        <translation>CA 인증서 파일을 찾을 수 없습니다: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong login or password for “%1”.</source>
        <translation>“%1”의 로그인 ID 또는 비밀번호가 올바르지 않습니다.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The team server has no AgentDesk schema; an admin must run &apos;agentdesk admin init-server&apos; first</source>
        <translation>팀 서버에 AgentDesk 스키마가 없습니다. 관리자가 먼저 &apos;agentdesk admin init-server&apos;를 실행해야 합니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The team server runs a newer AgentDesk (schema %1, this app %2): update AgentDesk. Until then you work offline on your local data and nothing is sent.</source>
        <translation>팀 서버가 더 새로운 AgentDesk를 사용합니다(스키마 %1, 이 앱 %2). AgentDesk를 업데이트하세요. 그때까지는 로컬 데이터로 오프라인 작업하며 아무것도 전송되지 않습니다.</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>A login uses lower-case letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; and starts with a letter.</source>
        <translation>로그인 ID는 영문 소문자, 숫자, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;로 이루어지며 영문자로 시작합니다.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The name may use letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>저장 이름에는 영문자, 숫자, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;만 쓸 수 있습니다(최대 64자).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Something went wrong; the log has the details: %1</source>
        <translation>문제가 발생했습니다. 자세한 내용은 로그에 있습니다: %1</translation>
    </message>
</context>
<context>
    <name>ContactForm</name>
    <message>
        <location filename="../../agentdesk/views/customer_edit.py" line="+473"/>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Number or address</source>
        <translation>번호 또는 주소</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+4"/>
        <source>Label</source>
        <translation>구분</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Primary</source>
        <translation>기본</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save anyway</source>
        <translation>그래도 저장</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>New contact point</source>
        <translation>새 연락처</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Edit contact point</source>
        <translation>연락처 수정</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>010-1234-5678, +82 10 …</source>
        <translation>010-1234-5678, +82 10 …</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>kakao:handle or @handle</source>
        <translation>kakao:아이디 또는 @아이디</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Type a number or an address.</source>
        <translation>번호나 주소를 입력하세요.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>This is also the contact of %1. Save it for this customer too?</source>
        <translation>%1 고객의 연락처이기도 합니다. 이 고객에게도 저장할까요?</translation>
    </message>
</context>
<context>
    <name>Customer360Pane</name>
    <message>
        <location filename="../../agentdesk/views/customer360.py" line="+460"/>
        <location line="+365"/>
        <source>Select or search for a customer</source>
        <translation>고객을 선택하거나 검색하세요</translation>
    </message>
    <message>
        <location line="-347"/>
        <source>Search customers by name, phone or email</source>
        <translation>이름, 전화번호, 이메일로 고객 검색</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer search</source>
        <translation>고객 검색</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Matching customers</source>
        <translation>검색된 고객</translation>
    </message>
    <message>
        <location line="+48"/>
        <location line="+320"/>
        <source>No customer with this number</source>
        <translation>이 번호로 등록된 고객이 없습니다</translation>
    </message>
    <message>
        <location line="-310"/>
        <source>New customer</source>
        <translation>새 고객</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+310"/>
        <source>New ticket for this number</source>
        <translation>이 번호로 새 티켓</translation>
    </message>
    <message>
        <location line="-306"/>
        <location line="+317"/>
        <location line="+7"/>
        <source>Creating tickets from the desk is not available yet</source>
        <translation>아직 이 화면에서 티켓을 만들 수 없습니다</translation>
    </message>
    <message>
        <location line="-312"/>
        <source>Loading customer…</source>
        <translation>고객 정보를 불러오는 중…</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Edit the name</source>
        <translation>이름 수정</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+418"/>
        <source>☎ Call</source>
        <translation>☎ 전화</translation>
    </message>
    <message>
        <location line="-416"/>
        <source>＋ New ticket</source>
        <translation>＋ 새 티켓</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+229"/>
        <source>New ticket for this customer</source>
        <translation>이 고객의 새 티켓</translation>
    </message>
    <message>
        <location line="-194"/>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Customer name</source>
        <translation>고객 이름</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save the name (Enter)</source>
        <translation>이름 저장(Enter)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel (Esc)</source>
        <translation>취소(Esc)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Contact points</source>
        <translation>연락처</translation>
    </message>
    <message>
        <location line="-148"/>
        <source>Products and limits</source>
        <translation>상품 및 한도</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Satisfaction (CSAT / NPS)</source>
        <translation>만족도 (CSAT / NPS)</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Lifetime value</source>
        <translation>누적 구매액</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSAT average</source>
        <translation>CSAT 평균</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open tickets</source>
        <translation>미해결 티켓</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Channels</source>
        <translation>채널</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>＋ Add</source>
        <translation>＋ 추가</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a phone number, email address or messenger handle</source>
        <translation>전화번호, 이메일 주소 또는 메신저 아이디 추가</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+3"/>
        <source>Orders</source>
        <translation>주문 내역</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Order</source>
        <translation>주문번호</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Total</source>
        <translation>금액</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Date</source>
        <translation>주문일</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>No orders</source>
        <translation>주문 내역이 없습니다</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Inquiries on every channel</source>
        <translation>전체 채널 문의 이력</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Past inquiries</source>
        <translation>이전 문의</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Double-click or press Enter to open the ticket</source>
        <translation>두 번 클릭하거나 Enter 키를 누르면 티켓이 열립니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No previous inquiries</source>
        <translation>이전 문의가 없습니다</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>No customer with this address</source>
        <translation>이 주소로 등록된 고객이 없습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New ticket for this address</source>
        <translation>이 주소로 새 티켓</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>This customer no longer exists</source>
        <translation>이 고객 정보는 더 이상 존재하지 않습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The customer could not be loaded. Try again in a moment.</source>
        <translation>고객 정보를 불러오지 못했습니다. 잠시 후 다시 시도해 주세요.</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+92"/>
        <source>Call %1</source>
        <translation>%1에 전화</translation>
    </message>
    <message>
        <location line="-91"/>
        <source>This customer has no phone number</source>
        <translation>이 고객에게 전화번호가 없습니다</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Membership tier</source>
        <translation>회원 등급</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Customer since {date}</source>
        <translation>가입일 {date}</translation>
    </message>
    <message>
        <location line="-273"/>
        <source>No contact points</source>
        <translation>등록된 연락처가 없습니다</translation>
    </message>
    <message>
        <location line="+314"/>
        <source>Primary</source>
        <translation>기본</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Edit %1</source>
        <translation>%1 수정</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove %1</source>
        <translation>%1 삭제</translation>
    </message>
    <message>
        <location line="-499"/>
        <source>No products</source>
        <translation>보유 상품이 없습니다</translation>
    </message>
    <message>
        <location line="+531"/>
        <source>Available</source>
        <translation>가용 한도</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Used</source>
        <translation>사용액</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Limit</source>
        <translation>한도</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>{percent}% of the limit used</source>
        <translation>한도의 {percent}% 사용</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>(no subject)</source>
        <translation>(제목 없음)</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+9"/>
        <source>Showing {shown} of {total}</source>
        <translation>전체 {total}건 중 {shown}건 표시</translation>
    </message>
    <message>
        <location line="-641"/>
        <source>No ratings yet</source>
        <translation>아직 평가가 없습니다</translation>
    </message>
    <message>
        <location line="+778"/>
        <source>Someone else renamed this customer to “%1” meanwhile; save again to keep yours.</source>
        <translation>그사이 다른 상담사가 고객 이름을 “%1”(으)로 바꿨습니다. 내 이름으로 두려면 다시 저장하세요.</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>Open a customer with a phone number to call.</source>
        <translation>전화하려면 전화번호가 있는 고객을 여세요.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Calling %1</source>
        <translation>%1에 전화 거는 중</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Call</source>
        <translation>전화</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>English</source>
        <translation>영어</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Japanese</source>
        <translation>일본어</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese</source>
        <translation>중국어</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Vietnamese</source>
        <translation>베트남어</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Retail</source>
        <translation>개인</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Business</source>
        <translation>개인사업자</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Corporate</source>
        <translation>법인</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Premium</source>
        <translation>프리미엄</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Private banking</source>
        <translation>프라이빗 뱅킹</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Suspended</source>
        <translation>정지</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Closed</source>
        <translation>해지</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Overdue</source>
        <translation>연체</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blocked</source>
        <translation>거래 제한</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reported lost</source>
        <translation>분실 신고</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>No customers found</source>
        <translation>검색된 고객이 없습니다</translation>
    </message>
</context>
<context>
    <name>EndContactDialog</name>
    <message>
        <location filename="../../agentdesk/views/protection.py" line="+64"/>
        <source>End abusive contact</source>
        <translation>폭언 상담 종료</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The ticket is solved and tagged abusive-contact; the conversation is kept as it is. Your lead is alerted.</source>
        <translation>티켓은 해결 처리되고 abusive-contact 태그가 붙습니다. 대화 내용은 그대로 보존되며 팀장에게 알림이 갑니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reason (required), e.g. repeated insults after two warnings</source>
        <translation>사유(필수), 예: 두 차례 경고 후에도 욕설 지속</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>End contact</source>
        <translation>상담 종료</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <location filename="../../agentdesk/views/calendar.py" line="-1309"/>
        <source>Edit follow-up</source>
        <translation>후속 작업 수정</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New follow-up</source>
        <translation>새 후속 작업</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>What to do, e.g. call back with the limit result</source>
        <translation>할 일 (예: 한도 조회 결과 회신 전화)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Follow-up</source>
        <translation>후속 작업</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Callback</source>
        <translation>콜백</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>+1 hour</source>
        <translation>+1시간</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tomorrow 09:00</source>
        <translation>내일 09:00</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next Monday 09:00</source>
        <translation>다음 주 월요일 09:00</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Due</source>
        <translation>마감</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Does not repeat</source>
        <translation>반복 안 함</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every day</source>
        <translation>매일</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every weekday (Mon–Fri)</source>
        <translation>평일마다(월–금)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every week</source>
        <translation>매주</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every month</source>
        <translation>매월</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Custom (RRULE)…</source>
        <translation>직접 입력(RRULE)…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Repeat</source>
        <translation>반복</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Ticket #%1</source>
        <translation>티켓 #%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer: %1</source>
        <translation>고객: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not linked to a ticket or customer</source>
        <translation>티켓·고객과 연결되지 않음</translation>
    </message>
</context>
<context>
    <name>ImagePreview</name>
    <message>
        <location filename="../../agentdesk/views/attachments.py" line="-87"/>
        <source>Save as…</source>
        <translation>저장…</translation>
    </message>
</context>
<context>
    <name>InboxPane</name>
    <message>
        <location filename="../../agentdesk/views/inbox.py" line="+388"/>
        <source>Search subjects and messages  ( / )</source>
        <translation>제목·메시지 검색  ( / )</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Channel</source>
        <translation>전체 채널</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Priority</source>
        <translation>전체 우선순위</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Anyone</source>
        <translation>누구나</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Me</source>
        <translation>나</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unassigned</source>
        <translation>미배정</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tag</source>
        <translation>태그</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Back to the views</source>
        <translation>보기로 돌아가기</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Showing: %1</source>
        <translation>표시 중: %1</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>The Mentions view cannot be saved as a view</source>
        <translation>멘션 보기는 보기로 저장할 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the current filters, search and sort as a view of your own</source>
        <translation>지금의 필터, 검색, 정렬을 내 보기로 저장합니다</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>No tickets match this view and filters.</source>
        <translation>이 보기와 필터에 맞는 티켓이 없습니다.</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>티켓 %n건</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1+ tickets</source>
        <translation>티켓 %1건 이상</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More tickets match: these are the ones among the newest %1 matching subjects and messages. Add words or filters to narrow the search.</source>
        <translation>일치하는 티켓이 더 있습니다. 제목과 메시지 중 최근 일치 %1건에 속한 티켓만 표시합니다. 검색어나 필터를 더해 범위를 좁혀 보세요.</translation>
    </message>
</context>
<context>
    <name>KnowledgePane</name>
    <message>
        <location filename="../../agentdesk/views/knowledge.py" line="+78"/>
        <location line="+626"/>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <location line="-625"/>
        <location line="+626"/>
        <source>English</source>
        <translation>영어</translation>
    </message>
    <message>
        <location line="-621"/>
        <source>Internal</source>
        <translation>내부용</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Waiting for review</source>
        <translation>검토 대기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Published</source>
        <translation>게시됨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>반려됨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit applied</source>
        <translation>수정 반영됨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draft</source>
        <translation>초안</translation>
    </message>
    <message>
        <location line="+575"/>
        <source>Search the knowledge base (e.g. 한도 조회, refund)</source>
        <translation>지식 베이스 검색 (예: 한도 조회, refund)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Knowledge search</source>
        <translation>지식 검색</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Share</source>
        <translation>공유</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Propose an article or review proposals</source>
        <translation>문서를 제안하거나 제안을 검토합니다</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Propose article…</source>
        <translation>문서 제안…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review proposals…</source>
        <translation>제안 검토…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>My proposals…</source>
        <translation>내 제안…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Synonyms…</source>
        <translation>동의어…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search by meaning</source>
        <translation>의미로도 검색</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Also finds articles that say the same thing in other words (앱이 자꾸 꺼져요 → 앱 오류)</source>
        <translation>다른 말로 같은 뜻을 쓴 문서도 찾습니다 (앱이 자꾸 꺼져요 → 앱 오류)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>All categories</source>
        <translation>모든 분류</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All tags</source>
        <translation>전체 태그</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All languages</source>
        <translation>모든 언어</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tag</source>
        <translation>태그</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Knowledge articles</source>
        <translation>지식 문서</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Insert link</source>
        <translation>링크 넣기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insert excerpt</source>
        <translation>발췌 넣기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Helpful</source>
        <translation>도움 됨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not helpful</source>
        <translation>도움 안 됨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Propose edit</source>
        <translation>수정 제안</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Public</source>
        <translation>공개</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Internal (agents only)</source>
        <translation>내부용(상담사 전용)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who this article is for: an internal one is not quoted to customers without a question</source>
        <translation>문서의 공개 범위: 내부용 문서는 확인 없이 고객 답장에 인용되지 않습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Visibility</source>
        <translation>공개 범위</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Put the article&apos;s title and address into the reply</source>
        <translation>문서 제목과 주소를 답변에 넣습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put the paragraphs that answer the question into the reply</source>
        <translation>문의에 답하는 단락을 답변에 넣습니다</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Select an article to read it here.</source>
        <translation>문서를 선택하면 여기에서 읽을 수 있습니다.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>No suggested answer for this ticket yet.</source>
        <translation>이 티켓에 대한 추천 답변이 아직 없습니다.</translation>
    </message>
    <message numerus="yes">
        <location line="+72"/>
        <source>%n article(s)</source>
        <translation>
            <numerusform>문서 %n건</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No articles match “%1”. Try other or fewer words, or clear the filters.</source>
        <translation>“%1”에 맞는 문서가 없습니다. 다른 단어나 더 적은 단어로 검색하거나 필터를 해제해 보세요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No articles match these filters.</source>
        <translation>이 필터에 맞는 문서가 없습니다.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Suggested for #%1</source>
        <translation>#%1 추천 문서</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No suggestions for #%1. Type to search.</source>
        <translation>#%1에 추천할 문서가 없습니다. 검색어를 입력하세요.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The search failed. Try again in a moment.</source>
        <translation>검색하지 못했습니다. 잠시 후 다시 시도해 주세요.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Search the knowledge base, or open a ticket to see suggested articles.</source>
        <translation>지식 베이스를 검색하거나 티켓을 열면 추천 문서가 표시됩니다.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>%1 found this helpful · %2 did not</source>
        <translation>도움 됨 %1 · 도움 안 됨 %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open a ticket to insert into its reply</source>
        <translation>티켓을 열어야 답변에 넣을 수 있습니다</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Internal article</source>
        <translation>내부용 문서</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“%1” is marked internal: it is written for agents, not customers. Put it into the public reply anyway?</source>
        <translation>“%1” 문서는 내부용입니다. 고객이 아닌 상담사를 위한 문서입니다. 그래도 공개 답장에 넣을까요?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Insert anyway</source>
        <translation>그래도 넣기</translation>
    </message>
    <message>
        <location line="+64"/>
        <location line="+24"/>
        <source>Propose an article</source>
        <translation>문서 제안</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Propose an edit to “%1”</source>
        <translation>“%1” 수정 제안</translation>
    </message>
</context>
<context>
    <name>KpiPane</name>
    <message>
        <location filename="../../agentdesk/views/kpis.py" line="+216"/>
        <source>Last 7 days</source>
        <translation>최근 7일</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>최근 30일</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Update</source>
        <translation>갱신</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export figures…</source>
        <translation>지표 내보내기…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From</source>
        <translation>기준</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>to</source>
        <translation>~</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Team</source>
        <translation>팀</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Created and solved:</source>
        <translation>생성·해결 추이:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Export these tickets…</source>
        <translation>이 티켓 내보내기…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open in the inbox</source>
        <translation>받은편지함에서 열기</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Tickets created per hour, by channel (the last day)</source>
        <translation>시간대별 생성 티켓, 채널별 (마지막 날)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <source>Tickets</source>
        <translation>티켓 수</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Backlog and SLA attained through the day</source>
        <translation>하루 동안의 미해결과 SLA 달성</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+117"/>
        <source>Backlog</source>
        <translation>미해결</translation>
    </message>
    <message>
        <location line="-116"/>
        <source>Created and solved per day</source>
        <translation>일별 생성·해결</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Every team</source>
        <translation>모든 팀</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Days are counted in %1</source>
        <translation>날짜 기준 시간대: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No team to show: the figures are of the teams you lead.</source>
        <translation>표시할 팀이 없습니다. 지표는 내가 맡은 팀의 것입니다.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>No tickets</source>
        <translation>티켓 없음</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>SLA attained (100% = top)</source>
        <translation>SLA 달성 (100% = 위쪽 끝)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Created</source>
        <translation>생성</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Solved</source>
        <translation>해결</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Created %1 %2:00</source>
        <translation>%1 %2시 생성</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Created %1</source>
        <translation>%1 생성</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Export figures</source>
        <translation>지표 내보내기</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export tickets</source>
        <translation>티켓 내보내기</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Wrote %1 row(s) to %2</source>
        <translation>%2에 %1행을 썼습니다</translation>
    </message>
</context>
<context>
    <name>LiveChatBar</name>
    <message>
        <location filename="../../agentdesk/views/live_chat.py" line="+70"/>
        <source>Customer is typing…</source>
        <translation>고객이 입력 중…</translation>
    </message>
</context>
<context>
    <name>LogCallDialog</name>
    <message>
        <location filename="../../agentdesk/views/new_ticket.py" line="+411"/>
        <source>Log a call on %1</source>
        <translation>%1에 통화 기록</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What the call was about and what you agreed</source>
        <translation>통화 내용과 안내·약속한 사항</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Log call</source>
        <translation>통화 기록 저장</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Write what the call was about.</source>
        <translation>통화 내용을 입력하세요.</translation>
    </message>
</context>
<context>
    <name>MacroConfirmDialog</name>
    <message>
        <location filename="../../agentdesk/views/templates.py" line="+221"/>
        <source>Schedule a follow-up “%1” for %2</source>
        <translation>후속 작업 “%1” 예약: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assignee</source>
        <translation>담당자</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Apply “%1”</source>
        <translation>“%1” 적용</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When you send the reply, this template also changes the ticket:</source>
        <translation>답변을 보내면 이 템플릿이 티켓도 변경합니다:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Insert, apply on send</source>
        <translation>넣고 보낼 때 적용</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insert text only</source>
        <translation>본문만 넣기</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../agentdesk/ui/main_window.py" line="+117"/>
        <source>AgentDesk — %1</source>
        <translation>AgentDesk — %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Knowledge</source>
        <translation>지식</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+278"/>
        <source>Templates</source>
        <translation>템플릿</translation>
    </message>
    <message>
        <location line="-277"/>
        <location line="+278"/>
        <source>Calendar</source>
        <translation>일정</translation>
    </message>
    <message>
        <location line="-202"/>
        <source>Follow-ups past their due time (Calendar tab)</source>
        <translation>기한이 지난 후속 조치 (일정 탭)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Workspace: %1</source>
        <translation>워크스페이스: %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Articles are searched by their words until their meaning is worked out (once, in the background)</source>
        <translation>의미 분석이 끝날 때까지는 단어로 검색합니다 (한 번, 백그라운드에서)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Team: %1</source>
        <translation>팀: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Your change was not applied as made</source>
        <translation>변경 내용이 그대로 반영되지 않았습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync</source>
        <translation>동기화</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This is a local workspace; connect to a team workspace to sync.</source>
        <translation>로컬 워크스페이스입니다. 동기화하려면 팀 워크스페이스에 연결하세요.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Team workspace</source>
        <translation>팀 워크스페이스</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profile “%1” is saved. Open it now? This window closes; your local workspace stays as it is.</source>
        <translation>프로필 “%1”을(를) 저장했습니다. 지금 열까요? 이 창은 닫히고 로컬 워크스페이스는 그대로 남습니다.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>AgentDesk could not be started for that profile.</source>
        <translation>그 프로필로 AgentDesk를 시작하지 못했습니다.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>My open %1 · SLA at risk %2 · Unassigned %3</source>
        <translation>내 미해결 %1 · SLA 위험 %2 · 미배정 %3</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Preparing search by meaning: %1 of %2 articles</source>
        <translation>의미 검색 준비 중: 문서 %1 / %2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Overdue follow-ups: %1</source>
        <translation>기한 지난 후속 조치: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+100"/>
        <location line="+3"/>
        <source>Go</source>
        <translation>이동</translation>
    </message>
    <message>
        <location line="-103"/>
        <location line="+80"/>
        <location line="+459"/>
        <source>Ticket</source>
        <translation>티켓</translation>
    </message>
    <message>
        <location line="-539"/>
        <location line="+495"/>
        <source>View</source>
        <translation>보기</translation>
    </message>
    <message>
        <location line="-495"/>
        <source>AgentDesk</source>
        <translation>AgentDesk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next ticket</source>
        <translation>다음 티켓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous ticket</source>
        <translation>이전 티켓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open selected ticket</source>
        <translation>선택한 티켓 열기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First ticket</source>
        <translation>첫 번째 티켓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last ticket</source>
        <translation>마지막 티켓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search tickets</source>
        <translation>티켓 검색</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find customer</source>
        <translation>고객 찾기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reply</source>
        <translation>답변 작성</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Internal note</source>
        <translation>내부 메모</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pop out ticket</source>
        <translation>티켓을 새 창으로 열기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge into another ticket…</source>
        <translation>다른 티켓에 병합…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assign to me</source>
        <translation>나에게 배정</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow up on this ticket…</source>
        <translation>이 티켓 후속 조치 예약…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schedule a callback for this customer…</source>
        <translation>이 고객에게 콜백 예약…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draft the suggested answer</source>
        <translation>추천 답변 초안 넣기</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set status: %1</source>
        <translation>상태 변경: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set priority: %1</source>
        <translation>우선순위 변경: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save the current filters as a view…</source>
        <translation>지금의 필터를 보기로 저장…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer 360</source>
        <translation>고객 360</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Knowledge search</source>
        <translation>지식 검색</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Calendar: agenda</source>
        <translation>일정: 목록</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calendar: week</source>
        <translation>일정: 주</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calendar: month</source>
        <translation>일정: 월</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export follow-ups to a calendar file (.ics)…</source>
        <translation>후속 조치를 캘린더 파일(.ics)로 내보내기…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import follow-ups from a calendar file (.ics)…</source>
        <translation>캘린더 파일(.ics)에서 후속 조치 가져오기…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Propose a knowledge article…</source>
        <translation>지식 문서 제안…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review knowledge proposals</source>
        <translation>지식 문서 제안 검토</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Supervisor view</source>
        <translation>관리자 화면</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trainer console</source>
        <translation>트레이너 콘솔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>My quality reviews</source>
        <translation>내 품질 평가</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selection</source>
        <translation>선택</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select or unselect ticket</source>
        <translation>티켓 선택/해제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select this and the next ticket</source>
        <translation>이 티켓과 다음 티켓 선택</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select this and the previous ticket</source>
        <translation>이 티켓과 이전 티켓 선택</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select all matching tickets (up to 1,000)</source>
        <translation>조건에 맞는 티켓 모두 선택 (최대 1,000건)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear selection</source>
        <translation>선택 해제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selected tickets: tags…</source>
        <translation>선택한 티켓: 태그…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selected tickets: merge into one…</source>
        <translation>선택한 티켓: 하나로 병합…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo last bulk action</source>
        <translation>마지막 일괄 작업 되돌리기</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Selected tickets: status %1</source>
        <translation>선택한 티켓: 상태 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Selected tickets: assign to me</source>
        <translation>선택한 티켓: 나에게 배정</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start a training session…</source>
        <translation>교육 세션 시작…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Training</source>
        <translation>교육</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>My status: %1</source>
        <translation>내 상태: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Command palette</source>
        <translation>명령 팔레트</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language: 한국어</source>
        <translation>언어: 한국어</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language: English</source>
        <translation>언어: English</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync now</source>
        <translation>지금 동기화</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connect to team workspace…</source>
        <translation>팀 워크스페이스에 연결…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About AgentDesk</source>
        <translation>AgentDesk 정보</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Open ticket #%1</source>
        <translation>티켓 #%1 열기</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Find customer “%1”</source>
        <translation>“%1” 고객 찾기</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>The supervisor view is for team leads and admins.</source>
        <translation>관리자 화면은 팀장과 관리자만 열 수 있습니다.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The Trainer console is for trainers, leads and admins.</source>
        <translation>트레이너 콘솔은 트레이너, 팀장, 관리자용입니다.</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Open a ticket to insert this into a reply.</source>
        <translation>답변에 넣으려면 먼저 티켓을 여세요.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open a ticket to use a template.</source>
        <translation>템플릿을 쓰려면 먼저 티켓을 여세요.</translation>
    </message>
    <message>
        <location line="+146"/>
        <source>Open a ticket to follow up on it.</source>
        <translation>후속 조치를 예약하려면 먼저 티켓을 여세요.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open a customer to schedule a callback.</source>
        <translation>콜백을 예약하려면 먼저 고객을 여세요.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open a ticket to draft an answer.</source>
        <translation>답변 초안을 넣으려면 먼저 티켓을 여세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No suggested answer for this ticket yet.</source>
        <translation>이 티켓에 대한 추천 답변이 아직 없습니다.</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>New ticket…</source>
        <translation>새 티켓…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log a call…</source>
        <translation>통화 기록…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log a call on this ticket…</source>
        <translation>이 티켓에 통화 기록…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New customer…</source>
        <translation>새 고객…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Open a ticket to log a call on it.</source>
        <translation>통화를 기록할 티켓을 여세요.</translation>
    </message>
    <message>
        <location line="-493"/>
        <source>Call customer</source>
        <translation>고객에게 전화</translation>
    </message>
</context>
<context>
    <name>MentionCenter</name>
    <message>
        <location filename="../../agentdesk/ui/mentions.py" line="+137"/>
        <source>%1 mentioned you on #%2</source>
        <translation>%1님이 #%2에서 나를 멘션했습니다</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+20"/>
        <source>Mention</source>
        <translation>멘션</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>%n new mentions</source>
        <translation>
            <numerusform>새 멘션 %n건</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show mentions</source>
        <translation>멘션 보기</translation>
    </message>
</context>
<context>
    <name>MentionCompleter</name>
    <message>
        <location filename="../../agentdesk/views/mention_completer.py" line="+287"/>
        <source>Mention in a public reply</source>
        <translation>공개 답변에 멘션이 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This reply goes to the customer and mentions %1. Colleagues are notified only by internal notes.</source>
        <translation>이 답변은 고객에게 전송되며 %1을(를) 멘션합니다. 동료에게는 내부 메모로만 알림이 갑니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add as internal note</source>
        <translation>내부 메모로 추가</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send to customer</source>
        <translation>고객에게 보내기</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../agentdesk/views/ticket.py" line="+1179"/>
        <source>Merge ticket</source>
        <translation>티켓 병합</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ticket number, e.g. 1042</source>
        <translation>티켓 번호 (예: 1042)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Merge anyway: I checked it is the same person</source>
        <translation>같은 고객임을 확인했으니 병합합니다</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Merge #%1 into ticket:</source>
        <translation>#%1 티켓을 병합할 대상:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>#%1 will be closed and its conversation shown in the target. This cannot be undone.</source>
        <translation>#%1은(는) 종료되고 대화는 대상 티켓에 표시됩니다. 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Looking up…</source>
        <translation>찾는 중…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Type the number of the ticket to merge into.</source>
        <translation>병합할 대상 티켓의 번호를 입력하세요.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No ticket #%1 here.</source>
        <translation>#%1 티켓이 없습니다.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Unknown customer</source>
        <translation>알 수 없는 고객</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Different customers: #%1 is %2&apos;s. Their conversations will be shown together in #%1.</source>
        <translation>고객이 다릅니다: #%1은(는) %2 고객의 티켓입니다. 두 고객의 대화가 #%1에 함께 표시됩니다.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Merge into #%1</source>
        <translation>#%1(으)로 병합</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge</source>
        <translation>병합</translation>
    </message>
</context>
<context>
    <name>MyReviewsPane</name>
    <message>
        <location filename="../../agentdesk/views/reviews.py" line="-83"/>
        <source>My quality reviews</source>
        <translation>내 품질 평가</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+112"/>
        <source>Quality reviews</source>
        <translation>품질 평가</translation>
    </message>
    <message>
        <location line="-110"/>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message numerus="yes">
        <location line="+24"/>
        <source>Weekly average score, last %n week(s)</source>
        <translation>
            <numerusform>최근 %n주 주간 평균 점수</numerusform>
        </translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Last %1 weeks: average %2 over %3 review(s), %4 failed</source>
        <translation>최근 %1주: 평가 %3건, 평균 %2점, 불합격 %4건</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No reviews in the last %1 weeks</source>
        <translation>최근 %1주 동안 받은 평가가 없습니다</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No reviews yet.</source>
        <translation>아직 받은 평가가 없습니다.</translation>
    </message>
</context>
<context>
    <name>NewCustomerDialog</name>
    <message>
        <location filename="../../agentdesk/views/new_ticket.py" line="+42"/>
        <source>New customer</source>
        <translation>새 고객</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add customer</source>
        <translation>고객 추가</translation>
    </message>
</context>
<context>
    <name>NewCustomerFields</name>
    <message>
        <location line="-475"/>
        <location line="+17"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>e.g. 010-1234-5678</source>
        <translation>예: 010-1234-5678</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. name@example.com</source>
        <translation>예: name@example.com</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Phone</source>
        <translation>전화</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Email</source>
        <translation>이메일</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 already belongs to %2.</source>
        <translation>%1은(는) 이미 %2 고객의 연락처입니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use %1</source>
        <translation>%1 고객으로 진행</translation>
    </message>
</context>
<context>
    <name>NewTicketDialog</name>
    <message>
        <location line="+26"/>
        <source>Log a call</source>
        <translation>통화 기록</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New ticket</source>
        <translation>새 티켓</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Search customers by name, phone or email</source>
        <translation>이름, 전화번호, 이메일로 고객 검색</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>New customer…</source>
        <translation>새 고객…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Search existing customers instead</source>
        <translation>기존 고객에서 찾기</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>What is it about?</source>
        <translation>어떤 문의인가요?</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>e.g. refund card-lost</source>
        <translation>예: 환불 카드분실</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Create ticket</source>
        <translation>티켓 만들기</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject</source>
        <translation>제목</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First message</source>
        <translation>첫 메시지</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call</source>
        <translation>통화</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Assignee</source>
        <translation>담당자</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>No customer found: add a new one</source>
        <translation>찾는 고객이 없습니다: 새 고객 추가</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>The customer&apos;s message</source>
        <translation>고객이 보낸 메시지</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>My first reply (sent)</source>
        <translation>내 첫 답변(발송)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Internal note</source>
        <translation>내부 메모</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Call log</source>
        <translation>통화 기록</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>What the call was about and what you agreed</source>
        <translation>통화 내용과 안내·약속한 사항</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The customer&apos;s message, as they wrote it</source>
        <translation>고객이 쓴 그대로의 메시지</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your reply; it is sent to the customer</source>
        <translation>고객에게 발송되는 답변</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A note for your team</source>
        <translation>팀에 남길 메모</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unassigned</source>
        <translation>미배정</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Choose the customer, or add a new one.</source>
        <translation>고객을 선택하거나 새 고객을 추가하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write the first message.</source>
        <translation>첫 메시지를 입력하세요.</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>This customer is already known; use them or change the number.</source>
        <translation>이미 등록된 고객입니다. 기존 고객으로 진행하거나 번호를 고치세요.</translation>
    </message>
</context>
<context>
    <name>NotesCard</name>
    <message>
        <location filename="../../agentdesk/views/customer_edit.py" line="-457"/>
        <location line="+22"/>
        <source>Notes</source>
        <translation>고객 메모</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Edit</source>
        <translation>수정</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the notes</source>
        <translation>메모 수정</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No notes yet.</source>
        <translation>아직 메모가 없습니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What the next agent should know about this customer</source>
        <translation>다음 상담사가 이 고객에 대해 알아야 할 내용</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Card and resident numbers stay masked here; left as they are, they are kept.</source>
        <translation>카드번호와 주민등록번호는 여기서도 가려집니다. 그대로 두면 저장된 번호가 유지됩니다.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save mine anyway</source>
        <translation>내 메모로 저장</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the notes (Ctrl+Enter)</source>
        <translation>메모 저장(Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Unsaved changes</source>
        <translation>저장하지 않은 변경</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Notes hold at most %1 characters.</source>
        <translation>메모는 최대 %1자까지 입력할 수 있습니다.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Saving…</source>
        <translation>저장 중…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Saved ✓</source>
        <translation>저장됨 ✓</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>(empty)</source>
        <translation>(비어 있음)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Someone else changed these notes while you were editing. Your text is kept below; theirs now reads:</source>
        <translation>수정하는 동안 다른 상담사가 메모를 바꿨습니다. 내가 쓴 내용은 아래에 그대로 있습니다. 지금 저장된 메모:</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <location filename="../../agentdesk/views/trainer.py" line="-196"/>
        <source>Reply as the trainee, then Enter</source>
        <translation>교육생이 되어 답하고 Enter</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>+30 s</source>
        <translation>+30초</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>+2 min</source>
        <translation>+2분</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start over</source>
        <translation>처음부터</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Clock %1</source>
        <translation>시각 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mood: %1</source>
        <translation>기분: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Trainee</source>
        <translation>교육생</translation>
    </message>
</context>
<context>
    <name>PromptsDialog</name>
    <message>
        <location filename="../../agentdesk/views/templates.py" line="-129"/>
        <source>Fill in “%1”</source>
        <translation>“%1” 입력</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Amount in won, e.g. 12,000</source>
        <translation>원 단위 금액 (예: 12,000)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Insert</source>
        <translation>넣기</translation>
    </message>
</context>
<context>
    <name>ProposalDialog</name>
    <message>
        <location filename="../../agentdesk/views/knowledge.py" line="-915"/>
        <source>Propose an article</source>
        <translation>문서 제안</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>tags, separated by spaces</source>
        <translation>태그 (공백으로 구분)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English</source>
        <translation>영어</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Article text</source>
        <translation>본문</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A lead reviews the proposal before it is published.</source>
        <translation>제안은 팀장이 검토한 뒤 게시됩니다.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Send for review</source>
        <translation>검토 요청</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Give the article a title.</source>
        <translation>문서 제목을 입력하세요.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The title is too long (at most 300 characters).</source>
        <translation>제목이 너무 깁니다(최대 300자).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write the article text.</source>
        <translation>문서 내용을 입력하세요.</translation>
    </message>
</context>
<context>
    <name>ProposalsDialog</name>
    <message>
        <location line="+36"/>
        <source>Review proposals</source>
        <translation>제안 검토</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>My proposals</source>
        <translation>내 제안</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Publish</source>
        <translation>게시</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject…</source>
        <translation>반려…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Edit</source>
        <translation>수정</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New</source>
        <translation>신규 문서</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No proposals.</source>
        <translation>제안이 없습니다.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Published text now</source>
        <translation>현재 게시된 내용</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Review note</source>
        <translation>검토 의견</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Reject proposal</source>
        <translation>제안 반려</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note for the author:</source>
        <translation>작성자에게 남길 의견:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Publishing…</source>
        <translation>게시하는 중…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Done</source>
        <translation>완료</translation>
    </message>
</context>
<context>
    <name>ProtectionActions</name>
    <message>
        <location filename="../../agentdesk/views/protection.py" line="+30"/>
        <source>Protective break</source>
        <translation>보호 휴식</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take a protective break now? Your status becomes Break and your lead sees why.</source>
        <translation>지금 보호 휴식을 하시겠습니까? 상태가 &apos;휴식&apos;으로 바뀌고 팀장에게 사유가 전달됩니다.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Protection</source>
        <translation>상담사 보호</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Abusive customer: warnings, ending the contact, a protective break</source>
        <translation>폭언·욕설 고객 대응: 경고 안내, 상담 종료, 보호 휴식</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Send first warning</source>
        <translation>1차 경고 안내 보내기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send second warning</source>
        <translation>2차 경고 안내 보내기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End abusive contact…</source>
        <translation>폭언 상담 종료…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take a protective break</source>
        <translation>보호 휴식하기</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Read this to the customer</source>
        <translation>고객에게 다음 안내를 읽어 주세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agent protection</source>
        <translation>상담사 보호</translation>
    </message>
</context>
<context>
    <name>ProtectionAlerts</name>
    <message>
        <location filename="../../agentdesk/ui/protection_alerts.py" line="+100"/>
        <source>%1: %2 on #%3</source>
        <translation>%1: #%3 %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check in with your colleague.</source>
        <translation>상담사의 상태를 확인해 주세요.</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+14"/>
        <source>Agent protection</source>
        <translation>상담사 보호</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n new protection incidents</source>
        <translation>
            <numerusform>새 상담사 보호 기록 %n건</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QualityPane</name>
    <message>
        <location filename="../../agentdesk/views/quality.py" line="+122"/>
        <source>Whole team</source>
        <translation>팀 전체</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Any channel</source>
        <translation>모든 채널</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Draw a sample</source>
        <translation>표본 뽑기</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review…</source>
        <translation>평가…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Agent</source>
        <translation>상담사</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tickets</source>
        <translation>티켓 수</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Handled tickets not yet reviewed (random)</source>
        <translation>아직 평가하지 않은 처리 완료 티켓 (무작위)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The team&apos;s latest reviews</source>
        <translation>팀의 최근 평가</translation>
    </message>
    <message numerus="yes">
        <location line="+59"/>
        <source>%n ticket(s) drawn</source>
        <translation>
            <numerusform>티켓 %n건을 뽑았습니다</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every handled ticket here is reviewed already.</source>
        <translation>이 조건의 처리 완료 티켓은 모두 평가했습니다.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Select a ticket to review.</source>
        <translation>평가할 티켓을 선택하세요.</translation>
    </message>
</context>
<context>
    <name>ReminderCenter</name>
    <message>
        <location filename="../../agentdesk/ui/notifications.py" line="+163"/>
        <source>Overdue since %1</source>
        <translation>%1부터 기한 지남</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Callback at %1</source>
        <translation>%1 콜백 예정</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Follow-up at %1</source>
        <translation>%1 후속 작업 예정</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Also mark ticket solved</source>
        <translation>티켓도 해결로 변경</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>10 minutes</source>
        <translation>10분 후</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1 hour</source>
        <translation>1시간 후</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tomorrow 09:00</source>
        <translation>내일 09:00</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Snooze ▾</source>
        <translation>다시 알림 ▾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message numerus="yes">
        <location line="+14"/>
        <source>%n overdue follow-ups</source>
        <translation>
            <numerusform>기한 지난 후속 작업 %n건</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue</source>
        <translation>기한 지남</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open calendar</source>
        <translation>일정 열기</translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>%n follow-ups are due</source>
        <translation>
            <numerusform>후속 작업 %n건의 시간이 되었습니다</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RemoveContact</name>
    <message>
        <location filename="../../agentdesk/views/customer_edit.py" line="+304"/>
        <source>Remove contact point</source>
        <translation>연락처 삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove %1 from this customer?</source>
        <translation>이 고객에게서 %1을(를) 삭제할까요?</translation>
    </message>
</context>
<context>
    <name>ReplayDialog</name>
    <message>
        <location filename="../../agentdesk/views/trainer.py" line="+331"/>
        <source>Replay: %1 — %2</source>
        <translation>다시 보기: %1 — %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Score %1 · %2</source>
        <translation>점수 %1 · %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>passed</source>
        <translation>합격</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not passed</source>
        <translation>불합격</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The scenario has changed since this attempt: the stored timeline is shown.</source>
        <translation>이 시도 뒤에 시나리오가 바뀌어 저장된 진행 기록을 보여 줍니다.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next step</source>
        <translation>다음 단계</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous step</source>
        <translation>이전 단계</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show all</source>
        <translation>모두 보기</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Trainee</source>
        <translation>교육생</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>System</source>
        <translation>시스템</translation>
    </message>
</context>
<context>
    <name>ResultsPane</name>
    <message>
        <location line="-205"/>
        <location line="+9"/>
        <source>Trainee</source>
        <translation>교육생</translation>
    </message>
    <message>
        <location line="-9"/>
        <location line="+41"/>
        <source>Attempts</source>
        <translation>시도</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Best</source>
        <translation>최고</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last</source>
        <translation>최근</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+10"/>
        <source>Passed</source>
        <translation>합격</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Last attempt</source>
        <translation>최근 시도</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rubric item</source>
        <translation>평가 항목</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Scored</source>
        <translation>채점 수</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average</source>
        <translation>평균</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Started</source>
        <translation>시작</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scenario</source>
        <translation>시나리오</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mode</source>
        <translation>방식</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Certification</source>
        <translation>인증</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Practice</source>
        <translation>연습</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+75"/>
        <source>Score</source>
        <translation>점수</translation>
    </message>
    <message>
        <location line="-75"/>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no</source>
        <translation>아니요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auto-fail</source>
        <translation>자동 불합격</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Replay</source>
        <translation>다시 보기</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export CSV…</source>
        <translation>CSV 내보내기…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Scores by trainee</source>
        <translation>교육생별 점수</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Rubric item: %1</source>
        <translation>평가 항목: %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Scores over time</source>
        <translation>시간에 따른 점수</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Pick an attempt to replay.</source>
        <translation>다시 볼 시도를 고르세요.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Export results</source>
        <translation>결과 내보내기</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n attempt(s) exported.</source>
        <translation>
            <numerusform>시도 %n건을 내보냈습니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../agentdesk/views/reviews.py" line="-418"/>
        <location line="+98"/>
        <source>Quality review</source>
        <translation>품질 평가</translation>
    </message>
    <message>
        <location line="-90"/>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Overall comment for the agent (optional)</source>
        <translation>상담사에게 남길 종합 코멘트(선택)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Score every item</source>
        <translation>모든 항목을 채점하세요</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Overall comment</source>
        <translation>종합 코멘트</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Score</source>
        <translation>점수</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Handled by %1 · %2 %3 · rubric: %4</source>
        <translation>처리: %1 · %2 %3 · 평가표: %4</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No messages.</source>
        <translation>메시지가 없습니다.</translation>
    </message>
    <message numerus="yes">
        <location line="+39"/>
        <source>%n item(s) left to score</source>
        <translation>
            <numerusform>채점할 항목 %n개 남음</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Fails: %1 scored 0 (weighted %2)</source>
        <translation>불합격: %1 항목 0점 (가중 점수 %2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>of 100</source>
        <translation>/ 100점</translation>
    </message>
</context>
<context>
    <name>ReviewsModel</name>
    <message>
        <location line="+74"/>
        <source>Date</source>
        <translation>평가일</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ticket</source>
        <translation>티켓</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Score</source>
        <translation>점수</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reviewer</source>
        <translation>평가자</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Comment</source>
        <translation>의견</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Failed: an item that fails the review scored 0</source>
        <translation>불합격: 불합격 기준 항목이 0점입니다</translation>
    </message>
</context>
<context>
    <name>RoutingPane</name>
    <message>
        <location filename="../../agentdesk/views/routing.py" line="+90"/>
        <source>When</source>
        <translation>조건</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Values (comma-separated)</source>
        <translation>값 (쉼표로 구분)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Raise to</source>
        <translation>올릴 우선순위</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add rule</source>
        <translation>규칙 추가</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove rule</source>
        <translation>규칙 삭제</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save rules</source>
        <translation>규칙 저장</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Team</source>
        <translation>팀</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assign new tickets</source>
        <translation>새 티켓 배정</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Priority rules: a rule only ever raises a ticket&apos;s priority</source>
        <translation>우선순위 규칙: 규칙은 티켓의 우선순위를 올리기만 합니다</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Agent</source>
        <translation>상담사</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Capacity</source>
        <translation>한도</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channels</source>
        <translation>채널</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Languages</source>
        <translation>언어</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Categories</source>
        <translation>분류</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save agent</source>
        <translation>상담사 저장</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Capacity and skills: empty skills put no limit on that side.</source>
        <translation>한도와 역량: 역량을 비워 두면 그 항목은 제한하지 않습니다.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>No team to edit: routing is set by the team&apos;s lead.</source>
        <translation>편집할 팀이 없습니다. 배정 규칙은 팀장이 정합니다.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Saved by %1 on %2</source>
        <translation>%1 님이 %2에 저장함</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This team has no rules yet: these are the defaults. Nothing is automatic until you save.</source>
        <translation>이 팀에는 아직 규칙이 없습니다. 아래는 기본값이며, 저장하기 전에는 자동으로 적용되지 않습니다.</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Saved. New tickets of %1 are assigned: %2</source>
        <translation>저장했습니다. %1의 새 티켓 배정: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Select an agent first.</source>
        <translation>먼저 상담사를 선택하세요.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Saved %1: capacity %2</source>
        <translation>%1 저장: 한도 %2</translation>
    </message>
</context>
<context>
    <name>SampleModel</name>
    <message>
        <location filename="../../agentdesk/views/quality.py" line="-158"/>
        <source>Ticket</source>
        <translation>티켓</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Subject</source>
        <translation>제목</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Agent</source>
        <translation>상담사</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Solved</source>
        <translation>해결</translation>
    </message>
</context>
<context>
    <name>SavedViewList</name>
    <message>
        <location filename="../../agentdesk/views/saved_views.py" line="+490"/>
        <source>Save as view…</source>
        <translation>보기로 저장…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the current filters, search and sort as a view of your own</source>
        <translation>지금의 필터, 검색, 정렬을 내 보기로 저장합니다</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>My views</source>
        <translation>내 보기</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Team views</source>
        <translation>팀 보기</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Shared with %1 by %2</source>
        <translation>%2님이 %1에 공유</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read-only: duplicate it to change it</source>
        <translation>읽기 전용: 바꾸려면 내 보기로 복제하세요</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>At least %1 tickets: this view&apos;s filters are counted up to %1 at once</source>
        <translation>%1건 이상: 이 보기의 필터는 한 번에 %1건까지만 셉니다</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Save as view</source>
        <translation>보기로 저장</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Edit view</source>
        <translation>보기 편집</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Edit…</source>
        <translation>편집…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename…</source>
        <translation>이름 바꾸기…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate to my views</source>
        <translation>내 보기로 복제</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Move up</source>
        <translation>위로 이동</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move down</source>
        <translation>아래로 이동</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete…</source>
        <translation>삭제…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shared by %1: read-only</source>
        <translation>%1 공유: 읽기 전용</translation>
    </message>
</context>
<context>
    <name>ScenarioTableModel</name>
    <message>
        <location filename="../../agentdesk/views/simulation.py" line="+102"/>
        <source>Scenario</source>
        <translation>시나리오</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Difficulty</source>
        <translation>난이도</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assigned to you</source>
        <translation>나에게 배정됨</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>English</source>
        <translation>영어</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Beginner</source>
        <translation>초급</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Intermediate</source>
        <translation>중급</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Advanced</source>
        <translation>고급</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Certification</source>
        <translation>인증</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Practice</source>
        <translation>연습</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 · due %2</source>
        <translation>%1 · 기한 %2</translation>
    </message>
</context>
<context>
    <name>ScenariosPane</name>
    <message>
        <location filename="../../agentdesk/views/trainer.py" line="-684"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+58"/>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location line="-57"/>
        <location line="+58"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location line="-58"/>
        <location line="+59"/>
        <source>Difficulty</source>
        <translation>난이도</translation>
    </message>
    <message>
        <location line="-58"/>
        <location line="+81"/>
        <source>Source</source>
        <translation>원본</translation>
    </message>
    <message>
        <location line="-81"/>
        <source>bundled</source>
        <translation>기본 제공</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>team</source>
        <translation>팀</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+153"/>
        <source>New scenario</source>
        <translation>새 시나리오</translation>
    </message>
    <message>
        <location line="-151"/>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer name</source>
        <translation>고객 이름</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer tier</source>
        <translation>고객 등급</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opening subject</source>
        <translation>첫 문의 제목</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opening message</source>
        <translation>첫 문의 내용</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hints (one a line)</source>
        <translation>힌트 (한 줄에 하나)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pass score</source>
        <translation>합격 점수</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write the form into the source</source>
        <translation>양식 내용을 원본에 반영</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The form rewrites the source from its fields; comments in the source are not kept.</source>
        <translation>양식은 입력한 항목으로 원본을 다시 씁니다. 원본의 주석은 남지 않습니다.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Form</source>
        <translation>양식</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preview</source>
        <translation>미리 보기</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <location line="+46"/>
        <location line="+52"/>
        <source>Bundled with AgentDesk: read-only. Save a copy under another id to change it.</source>
        <translation>AgentDesk 기본 제공 시나리오라 읽기 전용입니다. 바꾸려면 다른 ID로 사본을 저장하세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Valid: %1 (%2)</source>
        <translation>올바름: %1 (%2)</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Saved %1</source>
        <translation>%1 저장됨</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Delete scenario</source>
        <translation>시나리오 삭제</translation>
    </message>
</context>
<context>
    <name>ScorecardDialog</name>
    <message>
        <location filename="../../agentdesk/views/simulation.py" line="+414"/>
        <source>Training scorecard</source>
        <translation>교육 평가표</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Recorded in your training results.</source>
        <translation>교육 결과에 기록했습니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not recorded: %1</source>
        <translation>기록하지 못했습니다: %1</translation>
    </message>
</context>
<context>
    <name>ScorecardView</name>
    <message>
        <location line="-108"/>
        <source>Passed</source>
        <translation>합격</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not passed</source>
        <translation>불합격</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Item</source>
        <translation>항목</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Points</source>
        <translation>점수</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why</source>
        <translation>근거</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Auto-fail</source>
        <translation>자동 불합격</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Suggestions</source>
        <translation>개선 제안</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Rubric</source>
        <translation>평가 항목</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeline</source>
        <translation>타임라인</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Certification</source>
        <translation>인증</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Practice</source>
        <translation>연습</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>You</source>
        <translation>나</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>System</source>
        <translation>시스템</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <location filename="../../agentdesk/ui/palette.py" line="+60"/>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Action</source>
        <translation>동작</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Single-letter keys work when the cursor is not in a text field.</source>
        <translation>한 글자 단축키는 커서가 입력란 밖에 있을 때 작동합니다.</translation>
    </message>
</context>
<context>
    <name>StaffingModel</name>
    <message>
        <location filename="../../agentdesk/views/staffing.py" line="+59"/>
        <source>Hour</source>
        <translation>시간대</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Contacts / h</source>
        <translation>시간당 문의</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Handle time</source>
        <translation>처리 시간</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Erlangs</source>
        <translation>얼랑</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Agents needed</source>
        <translation>필요 상담사</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To schedule</source>
        <translation>편성 인원</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Service level</source>
        <translation>서비스 수준</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avg. speed of answer</source>
        <translation>평균 응답 속도</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>As given</source>
        <translation>입력한 값</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Measured in this hour</source>
        <translation>이 시간대 측정값</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measured over the period</source>
        <translation>기간 전체 측정값</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No handle time recorded: the default</source>
        <translation>기록된 처리 시간 없음: 기본값</translation>
    </message>
</context>
<context>
    <name>StaffingPane</name>
    <message>
        <location line="+19"/>
        <source>Last 4 weeks, same weekday as the day planned</source>
        <translation>최근 4주의 같은 요일</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every day of the period</source>
        <translation>기간의 모든 날</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>measured</source>
        <translation>측정값</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estimate</source>
        <translation>산정</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Day planned</source>
        <translation>계획할 날</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>기준</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answered within</source>
        <translation>응답 목표 시간</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service level target</source>
        <translation>서비스 수준 목표</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shrinkage</source>
        <translation>비가동률</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handle time</source>
        <translation>처리 시간</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Hour of the day</source>
        <translation>시간대</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agents to schedule</source>
        <translation>편성 인원</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>%1 contacts a day on average (%2 days counted). Peak at %3:00: %4 agents answering, %5 to schedule.</source>
        <translation>하루 평균 %1건 (%2일 기준). 최대 %3시: 응대 %4명, 편성 %5명.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Erlang C assumes no one abandons, so it overstates the queue when callers hang up: with real abandonment the waits are shorter and the service level higher than shown, and the agents estimated are an upper bound. It also assumes calls arrive at a steady rate within each hour and that every agent can take every call.</source>
        <translation>얼랑 C는 포기 호가 없다고 가정하므로 고객이 끊는 실제 상황보다 대기를 크게 잡습니다. 실제로는 대기가 더 짧고 서비스 수준이 더 높으며, 산정 인원은 상한입니다. 또한 시간대 안에서 문의가 고르게 들어오고 모든 상담사가 모든 문의를 받을 수 있다고 가정합니다.</translation>
    </message>
</context>
<context>
    <name>StartTrainingDialog</name>
    <message>
        <location filename="../../agentdesk/views/simulation.py" line="-357"/>
        <source>Start a training session</source>
        <translation>교육 세션 시작</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Choose one scenario, or several to practise handling them at once. The session runs in a sandbox: nothing reaches a customer or your workspace.</source>
        <translation>시나리오를 하나 고르거나, 동시에 여러 건을 처리하는 연습을 하려면 여러 개를 고르세요. 세션은 샌드박스에서 진행되며 고객이나 내 워크스페이스에는 아무것도 전달되지 않습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Practice (hints shown)</source>
        <translation>연습 (힌트 표시)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certification (no hints; the attempt is recorded)</source>
        <translation>인증 (힌트 없음, 응시 기록이 남습니다)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Left out (the file does not load): %1</source>
        <translation>제외됨 (파일을 읽을 수 없음): %1</translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <location filename="../../agentdesk/views/supervisor.py" line="+721"/>
        <source>Supervisor — AgentDesk</source>
        <translation>관리자 화면 — AgentDesk</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Wallboard</source>
        <translation>현황판</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>KPIs</source>
        <translation>핵심 지표</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Routing</source>
        <translation>배정</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quality</source>
        <translation>품질</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Staffing</source>
        <translation>인력 산정</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Auto-response</source>
        <translation>자동 응답</translation>
    </message>
</context>
<context>
    <name>SyncStatusLabel</name>
    <message>
        <location filename="../../agentdesk/ui/sync.py" line="+237"/>
        <source>Online</source>
        <translation>온라인</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Offline</source>
        <translation>오프라인</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sync error</source>
        <translation>동기화 오류</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not syncing (version)</source>
        <translation>동기화 중지(버전)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not synced yet</source>
        <translation>아직 동기화 안 됨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed out: double-click to sign in</source>
        <translation>로그아웃됨: 두 번 클릭하여 로그인</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting…</source>
        <translation>연결 중…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Live</source>
        <translation>실시간</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n queued</source>
        <translation>
            <numerusform>전송 대기 %n건</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>synced %1</source>
        <translation>%1 동기화</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Team workspace: %1 as %2</source>
        <translation>팀 워크스페이스: %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n sent, awaiting confirmation</source>
        <translation>
            <numerusform>전송됨, 확인 대기 %n건</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Conflicts: %1, refused: %2 (agentdesk sync conflicts)</source>
        <translation>충돌 %1건, 거부 %2건 (agentdesk sync conflicts)</translation>
    </message>
</context>
<context>
    <name>SynonymsDialog</name>
    <message>
        <location filename="../../agentdesk/views/knowledge.py" line="+21"/>
        <source>Search synonyms</source>
        <translation>검색 동의어</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Approve</source>
        <translation>승인</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dismiss</source>
        <translation>거절</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What customers say, e.g. 꺼져요</source>
        <translation>고객이 쓰는 표현 (예: 꺼져요)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The articles&apos; words, e.g. 앱 오류</source>
        <translation>문서에 쓰인 단어 (예: 앱 오류)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add</source>
        <translation>추가</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Proposed from use (a term that often led to an article that lacks it):</source>
        <translation>사용 기록에서 제안 (문서에 없는 표현인데 그 문서로 자주 이어진 말):</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Synonyms search uses:</source>
        <translation>검색에 쓰는 동의어:</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Synonyms of %1: a phrase in a search adds the words after it.</source>
        <translation>%1 동의어: 검색어에 왼쪽 표현이 있으면 오른쪽 단어를 함께 찾습니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 → %2  (“%3”, %4 recent uses)</source>
        <translation>%1 → %2  (“%3”, 최근 사용 %4회)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No proposals yet: they come as agents use articles.</source>
        <translation>아직 제안이 없습니다. 상담원이 문서를 사용하면 생깁니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (dismissed proposal)</source>
        <translation>%1 (거절한 제안)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Remove synonym</source>
        <translation>동의어 삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove “%1” from the team&apos;s synonyms?</source>
        <translation>팀 동의어에서 “%1”을(를) 삭제할까요?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saving…</source>
        <translation>저장 중…</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Saved</source>
        <translation>저장됨</translation>
    </message>
</context>
<context>
    <name>TagsRow</name>
    <message>
        <location filename="../../agentdesk/views/customer_edit.py" line="-259"/>
        <source>Add a tag and press Enter</source>
        <translation>태그 입력 후 Enter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a tag</source>
        <translation>태그 추가</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Remove the tag %1</source>
        <translation>%1 태그 삭제</translation>
    </message>
</context>
<context>
    <name>TeamReviewsModel</name>
    <message>
        <location filename="../../agentdesk/views/quality.py" line="+29"/>
        <source>Ticket</source>
        <translation>티켓</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Agent</source>
        <translation>상담사</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Score</source>
        <translation>점수</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reviewer</source>
        <translation>평가자</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Comment</source>
        <translation>의견</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>failed</source>
        <translation>불합격</translation>
    </message>
</context>
<context>
    <name>TemplateApplier</name>
    <message>
        <location filename="../../agentdesk/views/templates.py" line="+189"/>
        <source>No template matches %1</source>
        <translation>%1에 해당하는 템플릿이 없습니다</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open a ticket first, then insert the template.</source>
        <translation>먼저 티켓을 연 다음 템플릿을 넣으세요.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Template “%1” cannot be used: %2</source>
        <translation>템플릿 “%1”을(를) 사용할 수 없습니다: %2</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>This ticket cannot be answered here.</source>
        <translation>이 티켓에는 여기서 답변할 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>TemplatesPane</name>
    <message>
        <location line="+73"/>
        <source>Search templates: title, text or shortcut</source>
        <translation>템플릿 검색: 제목, 본문 또는 단축어</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+309"/>
        <source>New template</source>
        <translation>새 템플릿</translation>
    </message>
    <message>
        <location line="-302"/>
        <source>All categories</source>
        <translation>모든 분류</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All languages</source>
        <translation>모든 언어</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Most used by me</source>
        <translation>내가 많이 쓴 순</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Most used by everyone</source>
        <translation>전체 사용 많은 순</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+10"/>
        <location line="+22"/>
        <location line="+29"/>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>Recently changed</source>
        <translation>최근 수정 순</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+61"/>
        <source>Shortcut</source>
        <translation>단축어</translation>
    </message>
    <message>
        <location line="-61"/>
        <location line="+56"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>My uses</source>
        <translation>내 사용</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No templates match.</source>
        <translation>조건에 맞는 템플릿이 없습니다.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>/refund</source>
        <translation>/환불</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type it in the reply and press Tab to insert the template</source>
        <translation>답변 입력란에 입력하고 Tab을 누르면 템플릿이 들어갑니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Team</source>
        <translation>팀 공용</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personal</source>
        <translation>개인</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personal templates are visible only to you</source>
        <translation>개인 템플릿은 나에게만 보입니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+192"/>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <location line="-191"/>
        <location line="+191"/>
        <source>English</source>
        <translation>영어</translation>
    </message>
    <message>
        <location line="-189"/>
        <location line="+28"/>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Hello {{ customer.name }}, …</source>
        <translation>안녕하세요, {{ customer.name }} 고객님. …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Placeholders: {{ customer.name }} · {{ ticket.number }} · {{ order.number }} · {{ product.available_limit | won }} · {{ now | kdate }} · {{ input.&lt;prompt&gt; }}</source>
        <translation>자리표시자: {{ customer.name }} · {{ ticket.number }} · {{ order.number }} · {{ product.available_limit | won }} · {{ now | kdate }} · {{ input.&lt;항목&gt; }}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Scope</source>
        <translation>공개 범위</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Values asked when the template is inserted, used as {{ input.name }}. Types: text, amount, date, datetime, choice (with &quot;choices&quot;).</source>
        <translation>템플릿을 넣을 때 상담사에게 묻는 값으로, {{ input.name }}으로 씁니다. 유형: text, amount, date, datetime, choice(&quot;choices&quot; 필요).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Also applied to the ticket (after a confirmation): status, priority, add_tags, remove_tags, assignee (&quot;me&quot; or a login), follow_up ({&quot;in_hours&quot;: 24, &quot;title&quot;: &quot;…&quot;}).</source>
        <translation>확인 후 티켓에도 적용됩니다: status, priority, add_tags, remove_tags, assignee(&quot;me&quot; 또는 로그인 ID), follow_up({&quot;in_hours&quot;: 24, &quot;title&quot;: &quot;…&quot;}).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Prompts</source>
        <translation>입력 항목</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Macro</source>
        <translation>매크로</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Text</source>
        <translation>본문</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+258"/>
        <source>Prompts and macro</source>
        <translation>입력 항목 및 매크로</translation>
    </message>
    <message>
        <location line="-246"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Insert into reply</source>
        <translation>답변에 넣기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insert into the open ticket&apos;s reply (double-click a template)</source>
        <translation>열린 티켓의 답변에 넣습니다 (템플릿을 두 번 클릭해도 됩니다)</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Personal: visible only to you</source>
        <translation>개인: 나에게만 보임</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Also changes the ticket</source>
        <translation>티켓도 변경함</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Used %1 times by everyone</source>
        <translation>전체 %1회 사용</translation>
    </message>
    <message>
        <location line="+100"/>
        <location line="+103"/>
        <source>Unsaved changes</source>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <location line="-92"/>
        <source>line %1: %2</source>
        <translation>%1번째 줄: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Prompts: %1</source>
        <translation>입력 항목: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Macro: %1</source>
        <translation>매크로: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Syntax error, %1</source>
        <translation>문법 오류, %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No syntax errors</source>
        <translation>문법 오류 없음</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n prompt(s)</source>
        <translation>
            <numerusform>입력 항목 %n개</numerusform>
        </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No prompts</source>
        <translation>입력 항목 없음</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n change(s) to the ticket</source>
        <translation>
            <numerusform>티켓 변경 %n건</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No macro</source>
        <translation>매크로 없음</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Saving…</source>
        <translation>저장하는 중…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Saved</source>
        <translation>저장됨</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Not saved: %1</source>
        <translation>저장하지 못했습니다: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Discard the changes to this template?</source>
        <translation>이 템플릿의 변경 사항을 버리시겠습니까?</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delete template</source>
        <translation>템플릿 삭제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete “%1”?</source>
        <translation>“%1”을(를) 삭제하시겠습니까?</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Deleted</source>
        <translation>삭제됨</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Preview with sample data (no ticket open)</source>
        <translation>예시 데이터로 미리 보기 (열린 티켓 없음)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Preview for %1</source>
        <translation>%1 미리 보기</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Cannot render: %1</source>
        <translation>표시할 수 없습니다: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No value for: %1. The reply cannot be sent until it is filled in.</source>
        <translation>값 없음: %1. 채우기 전에는 답변을 보낼 수 없습니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Asked when inserted: %1</source>
        <translation>넣을 때 입력: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ready to send: every placeholder has a value.</source>
        <translation>보낼 수 있습니다: 모든 자리표시자에 값이 있습니다.</translation>
    </message>
</context>
<context>
    <name>TicketPane</name>
    <message>
        <location filename="../../agentdesk/views/ticket.py" line="-1127"/>
        <source>Hide quoted text</source>
        <translation>인용문 숨기기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show quoted text</source>
        <translation>인용문 보기</translation>
    </message>
    <message>
        <location line="+144"/>
        <source>Other agents who have this ticket open</source>
        <translation>이 티켓을 열어 둔 다른 상담원</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pop out</source>
        <translation>새 창으로</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open this ticket in its own window (Ctrl+Shift+O)</source>
        <translation>이 티켓을 새 창에서 엽니다 (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge…</source>
        <translation>병합…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge this duplicate into another ticket</source>
        <translation>중복된 이 티켓을 다른 티켓에 병합합니다</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Unassigned</source>
        <translation>미배정</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>tags, separated by spaces</source>
        <translation>태그 (공백으로 구분)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>category</source>
        <translation>분류</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assignee</source>
        <translation>담당자</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+366"/>
        <source>Applied when you send</source>
        <translation>보낼 때 적용됨</translation>
    </message>
    <message>
        <location line="-363"/>
        <source>Undo</source>
        <translation>되돌리기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop the changes waiting for the reply</source>
        <translation>답변과 함께 적용될 변경을 취소합니다</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Public reply</source>
        <translation>공개 답변</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Internal note</source>
        <translation>내부 메모</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call log</source>
        <translation>통화 기록</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write down what was said on the call (kept with the ticket, not sent)</source>
        <translation>통화 내용을 기록합니다 (티켓에 남고 고객에게 보내지 않습니다)</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+509"/>
        <location line="+79"/>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
    <message>
        <location line="-587"/>
        <source>Send (Ctrl+Enter)</source>
        <translation>보내기 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Send and set the status</source>
        <translation>보내고 상태 변경</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Send and set pending</source>
        <translation>보내고 대기</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Send and set solved</source>
        <translation>보내고 해결</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Write a reply… (r: reply, n: note, Ctrl+Enter: send)</source>
        <translation>답변을 입력하세요… (r: 답변, n: 메모, Ctrl+Enter: 보내기)</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Select a ticket in the inbox (j/k to move, Enter to open).</source>
        <translation>받은 문의함에서 티켓을 선택하세요 (j/k: 이동, Enter: 열기).</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Draft restored</source>
        <translation>임시 저장본 복원됨</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Draft updated in another window</source>
        <translation>다른 창에서 초안이 수정되었습니다</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Unknown customer</source>
        <translation>알 수 없는 고객</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created %1</source>
        <translation>%1 생성</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Order %1 (%2, %3)</source>
        <translation>주문 %1 (%2, %3)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merged into #%1</source>
        <translation>#%1에 병합됨</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Includes %1</source>
        <translation>병합된 티켓: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>Show %n earlier message(s)</source>
        <translation>
            <numerusform>이전 메시지 %n건 보기</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Show %n earlier change(s)</source>
        <translation>
            <numerusform>이전 변경 %n건 보기</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Hide changes</source>
        <translation>변경 내역 숨기기</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Show %n change(s)</source>
        <translation>
            <numerusform>변경 내역 %n건 보기</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No messages yet.</source>
        <translation>아직 메시지가 없습니다.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>A %1 ticket has no way to send a reply to the customer: log the call or add a note</source>
        <translation>%1 티켓은 고객에게 답변을 보낼 수 없습니다. 통화 기록이나 내부 메모를 남기세요</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>SLA: met or not running</source>
        <translation>SLA: 충족 또는 미적용</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>First response</source>
        <translation>첫 응답</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Resolution</source>
        <translation>해결</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>due in</source>
        <translation>마감까지</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>at risk, due in</source>
        <translation>위험, 마감까지</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>breached by</source>
        <translation>기한 초과</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>Add note</source>
        <translation>메모 추가</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Log call</source>
        <translation>통화 기록 저장</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Editing…</source>
        <translation>작성 중…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>%1 is replying</source>
        <translation>%1 님이 답변 작성 중</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is viewing</source>
        <translation>%1 님이 보는 중</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>While you were writing, %1 replied and the customer wrote. Send anyway?</source>
        <translation>작성하시는 동안 %1 님이 답변했고 고객도 메시지를 보냈습니다. 그래도 보낼까요?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>While you were writing, %1 replied. Send anyway?</source>
        <translation>작성하시는 동안 %1 님이 답변했습니다. 그래도 보낼까요?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>While you were writing, the customer wrote. Send anyway?</source>
        <translation>작성하시는 동안 고객이 새 메시지를 보냈습니다. 그래도 보낼까요?</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New messages arrived</source>
        <translation>새 메시지 도착</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Review</source>
        <translation>확인하기</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Not sent: review the new messages, then send again.</source>
        <translation>보내지 않았습니다. 새 메시지를 확인한 뒤 다시 보내세요.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Draft saved</source>
        <translation>임시 저장됨</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Write a few words to go with the files</source>
        <translation>파일과 함께 보낼 내용을 입력하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing to send</source>
        <translation>보낼 내용이 없습니다</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Not sent: fill in %1 first.</source>
        <translation>보내지 않았습니다: 먼저 %1을(를) 채우세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not sent: the reply still contains template code (%1).</source>
        <translation>보내지 않았습니다: 답변에 템플릿 코드(%1)가 남아 있습니다.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Sent</source>
        <translation>전송됨</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Call logged</source>
        <translation>통화 기록 완료</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note added</source>
        <translation>메모 추가됨</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not sent: %1</source>
        <translation>전송 실패: %1</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Merge failed</source>
        <translation>병합 실패</translation>
    </message>
</context>
<context>
    <name>TicketTableModel</name>
    <message>
        <location filename="../../agentdesk/views/inbox.py" line="-557"/>
        <source>Subject</source>
        <translation>제목</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Updated</source>
        <translation>업데이트</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assignee</source>
        <translation>담당자</translation>
    </message>
    <message>
        <location line="+183"/>
        <source>Unassigned</source>
        <translation>미배정</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Due %1</source>
        <translation>마감 %1</translation>
    </message>
</context>
<context>
    <name>TimelineAttachments</name>
    <message>
        <location filename="../../agentdesk/views/attachments.py" line="-58"/>
        <source>No program here opens this kind of file; use Save as…</source>
        <translation>이 파일을 여는 프로그램이 없습니다. 다른 이름으로 저장하세요</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Saved %1</source>
        <translation>%1 저장됨</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Save attachment</source>
        <translation>첨부 파일 저장</translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message>
        <location filename="../../agentdesk/ui/kit/toasts.py" line="+77"/>
        <source>Dismiss</source>
        <translation>닫기</translation>
    </message>
</context>
<context>
    <name>TrainerWindow</name>
    <message>
        <location filename="../../agentdesk/views/trainer.py" line="+496"/>
        <source>Trainer console — AgentDesk</source>
        <translation>트레이너 콘솔 — AgentDesk</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Scenarios</source>
        <translation>시나리오</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assignments</source>
        <translation>과제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Results</source>
        <translation>결과</translation>
    </message>
</context>
<context>
    <name>TrainingClock</name>
    <message>
        <location filename="../../agentdesk/views/simulation.py" line="+70"/>
        <source>Virtual time since the session started</source>
        <translation>세션 시작 후 가상 시간</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+83"/>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <location line="-79"/>
        <source>Speed</source>
        <translation>속도</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Hints</source>
        <translation>힌트</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>End session</source>
        <translation>세션 종료</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Customer&apos;s mood: %1 (click to open the ticket)</source>
        <translation>고객 기분: %1 (누르면 티켓을 엽니다)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Resume</source>
        <translation>계속</translation>
    </message>
</context>
<context>
    <name>TrainingWindow</name>
    <message>
        <location filename="../../agentdesk/ui/training.py" line="+57"/>
        <source>[Training] AgentDesk — %1</source>
        <translation>[교육] AgentDesk — %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Certification</source>
        <translation>인증</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Practice</source>
        <translation>연습</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sandbox: nothing here reaches a customer or your workspace</source>
        <translation>샌드박스: 여기서 한 일은 고객이나 내 워크스페이스에 전달되지 않습니다</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Training sandbox</source>
        <translation>교육용 샌드박스</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This is a training session already: end it first.</source>
        <translation>이미 교육 세션입니다. 먼저 세션을 종료하세요.</translation>
    </message>
</context>
<context>
    <name>ViewEditorDialog</name>
    <message>
        <location filename="../../agentdesk/views/saved_views.py" line="-704"/>
        <source>Last hour</source>
        <translation>최근 1시간</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 24 hours</source>
        <translation>최근 24시간</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>최근 7일</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>최근 30일</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 90 days</source>
        <translation>최근 90일</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More than 24 hours ago</source>
        <translation>24시간 이전</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More than 7 days ago</source>
        <translation>7일 이전</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More than 30 days ago</source>
        <translation>30일 이전</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+171"/>
        <source>Updated</source>
        <translation>업데이트</translation>
    </message>
    <message>
        <location line="-170"/>
        <location line="+134"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location line="-133"/>
        <location line="+166"/>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location line="-165"/>
        <source>Ticket number</source>
        <translation>티켓 번호</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+128"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="-125"/>
        <source>Breached</source>
        <translation>위반</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At risk</source>
        <translation>위험</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On track</source>
        <translation>정상</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No deadline</source>
        <translation>기한 없음</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unsolved</source>
        <translation>미해결</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New or open</source>
        <translation>신규 또는 진행 중</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Solved or closed</source>
        <translation>해결 또는 종료</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Save as view</source>
        <translation>보기로 저장</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>e.g. Urgent chats of my team</source>
        <translation>예: 우리 팀 긴급 채팅</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only me</source>
        <translation>나만</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+3"/>
        <source>Shared with %1</source>
        <translation>%1에 공유</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>my team</source>
        <translation>내 팀</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only a lead or admin can share views with a team</source>
        <translation>팀에 보기를 공유하는 것은 팀장이나 관리자만 할 수 있습니다</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Who sees it</source>
        <translation>공개 범위</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any status</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chosen statuses</source>
        <translation>선택한 상태</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Anyone</source>
        <translation>누구나</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Me (whoever reads the view)</source>
        <translation>나 (보기를 보는 사람)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unassigned</source>
        <translation>미배정</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An agent no longer here</source>
        <translation>지금은 없는 상담사</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Any team</source>
        <translation>모든 팀</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>My team (whoever reads the view)</source>
        <translation>내 팀 (보기를 보는 사람의 팀)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A team no longer here</source>
        <translation>지금은 없는 팀</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assignee</source>
        <translation>담당자</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Team</source>
        <translation>팀</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>tags, separated by spaces</source>
        <translation>태그 (공백으로 구분)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>any of them</source>
        <translation>하나라도 있음</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>all of them</source>
        <translation>모두 있음</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Created</source>
        <translation>생성</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>words in subjects and messages</source>
        <translation>제목과 메시지의 단어</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Newest, most urgent, soonest due first</source>
        <translation>최신, 긴급, 기한 임박 순</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oldest, least urgent, latest due first</source>
        <translation>오래된, 덜 긴급, 기한 여유 순</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sort by</source>
        <translation>정렬</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save view</source>
        <translation>보기 저장</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Any time</source>
        <translation>전체 기간</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Custom (%1)</source>
        <translation>사용자 지정 (%1)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Give the view a name.</source>
        <translation>보기 이름을 입력하세요.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>At most %1 tags.</source>
        <translation>태그는 최대 %1개입니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“%1” is not a tag (1 to 64 letters, digits or hyphens).</source>
        <translation>“%1”은(는) 태그가 아닙니다(문자, 숫자, 하이픈 1~64자).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>At most %1 conditions in one view.</source>
        <translation>한 보기의 조건은 최대 %1개입니다.</translation>
    </message>
</context>
<context>
    <name>WallboardPane</name>
    <message>
        <location filename="../../agentdesk/views/supervisor.py" line="-321"/>
        <source>All my teams</source>
        <translation>내 모든 팀</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Offline: figures as of the last sync</source>
        <translation>오프라인: 마지막 동기화 기준 수치</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Team</source>
        <translation>팀</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Drag tickets from the inbox onto an agent to give them the tickets; double-click an agent to see their open tickets</source>
        <translation>받은편지함의 티켓을 상담사에게 끌어다 놓으면 배정됩니다. 상담사를 두 번 누르면 미해결 티켓을 봅니다.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Queue</source>
        <translation>대기열</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Agents</source>
        <translation>상담사</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Double-click to open the ticket (the conversation is kept as it was)</source>
        <translation>두 번 눌러 티켓을 엽니다 (대화는 그대로 보존됩니다)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Incidents today</source>
        <translation>오늘의 보호 조치</translation>
    </message>
    <message>
        <location line="+99"/>
        <source>Last updated %1</source>
        <translation>마지막 갱신 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No team to show: the wallboard shows the teams you lead.</source>
        <translation>표시할 팀이 없습니다. 현황판은 내가 맡은 팀을 보여 줍니다.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>None today</source>
        <translation>오늘은 없음</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>all my teams</source>
        <translation>내 모든 팀</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Open tickets of %1</source>
        <translation>%1의 미해결 티켓</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 ticket(s) not reassigned: %2</source>
        <translation>티켓 %1건을 재배정하지 못했습니다: %2</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="+344"/>
        <source>Opening the workspace…</source>
        <translation>워크스페이스를 여는 중…</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>Cannot open the workspace</source>
        <translation>워크스페이스를 열 수 없습니다</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The database could not be opened:
%1

Log: %2</source>
        <translation>데이터베이스를 열 수 없습니다.
%1

로그: %2</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>No agent</source>
        <translation>상담사 정보 없음</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>AgentDesk closed unexpectedly last time; report: %1</source>
        <translation>지난번 AgentDesk가 예기치 않게 종료되었습니다. 보고서: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Connecting to the team server (first sync)…</source>
        <translation>팀 서버에 연결하는 중(첫 동기화)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+51"/>
        <source>Cannot reach the team server</source>
        <translation>팀 서버에 연결할 수 없습니다</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>The first sync of this profile needs the server:
%1</source>
        <translation>이 프로필의 첫 동기화에는 서버 연결이 필요합니다:
%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Creating a demo workspace (first run)…</source>
        <translation>데모 워크스페이스를 만드는 중입니다(최초 실행)…</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The saved sign-in stays locked without its passphrase.</source>
        <translation>암호 문구 없이는 저장된 로그인 정보를 열 수 없습니다.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The first sync of this profile needs its password.</source>
        <translation>이 프로필의 첫 동기화에는 비밀번호가 필요합니다.</translation>
    </message>
    <message>
        <location filename="../../agentdesk/ui/sync.py" line="+41"/>
        <source>Password for %1 on %2:</source>
        <translation>%2 서버의 %1 비밀번호:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Passphrase for the saved sign-in of %1:</source>
        <translation>%1에 저장된 로그인 정보의 암호 문구:</translation>
    </message>
</context>
<context>
    <name>autoresponse</name>
    <message>
        <location filename="../../agentdesk/views/autoresponse.py" line="-196"/>
        <source>VIP and gold customers</source>
        <translation>VIP·골드 등급 고객</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Urgent words: lost, stolen, fraud (분실, 도난, 부정사용 …)</source>
        <translation>긴급 단어: 분실, 도난, 부정사용 등</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic mail: out-of-office, bulk, our own</source>
        <translation>자동 발송 메일: 부재중 회신, 대량 메일, 우리가 보낸 메일</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Several questions at once, or questions about the customer&apos;s own order or account</source>
        <translation>한 번에 여러 가지를 묻는 문의, 고객 본인의 주문·계좌 확인이 필요한 문의</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A second time on the same ticket</source>
        <translation>같은 티켓에 두 번째 자동 응답</translation>
    </message>
</context>
<context>
    <name>call</name>
    <message>
        <location filename="../../agentdesk/views/call_panel.py" line="-312"/>
        <source>Resolved</source>
        <translation>해결</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Callback needed</source>
        <translation>콜백 필요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transferred</source>
        <translation>호 전환</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalated</source>
        <translation>상위 이관</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Voicemail</source>
        <translation>음성사서함</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong number</source>
        <translation>잘못 건 전화</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Abandoned</source>
        <translation>포기호</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <location filename="../../agentdesk/ui/crash.py" line="+139"/>
        <source>AgentDesk ran into a problem</source>
        <translation>AgentDesk에 문제가 발생했습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something went wrong: %1

A report was saved to:
%2

Your replies and drafts are saved. Please send the report to your administrator.</source>
        <translation>문제가 발생했습니다: %1

보고서를 저장했습니다:
%2

작성 중인 답변과 임시 저장본은 보존되어 있습니다. 보고서를 관리자에게 보내 주세요.</translation>
    </message>
</context>
<context>
    <name>delivery</name>
    <message>
        <location filename="../../agentdesk/views/ticket.py" line="-1075"/>
        <source>Queued</source>
        <translation>전송 대기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending</source>
        <translation>전송 중</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent</source>
        <translation>전송됨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivery unknown: check before resending</source>
        <translation>전송 여부 불명: 다시 보내기 전에 확인하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not delivered</source>
        <translation>전송 실패</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bounced</source>
        <translation>반송됨</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../../agentdesk/views/reviews.py" line="-275"/>
        <source>weight %1%</source>
        <translation>가중치 %1%</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>0 fails the review</source>
        <translation>0점이면 불합격</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Comment (optional)</source>
        <translation>코멘트(선택)</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../agentdesk/ui/kit/errors.py" line="+28"/>
        <source>invalid {field} {value}: expected one of {allowed}</source>
        <translation>잘못된 {field} 값 {value}: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the {what} holds a NUL character</source>
        <translation>{what}에 NUL 문자가 들어 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a subject needs 1 to {most} characters</source>
        <translation>제목은 1~{most}자여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a category has at most {most} characters</source>
        <translation>분류는 최대 {most}자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>field {field} cannot be changed</source>
        <translation>{field} 항목은 바꿀 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the assignee is not an active agent</source>
        <translation>담당자가 활동 중인 상담사가 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the assignee is not in the ticket&apos;s team</source>
        <translation>담당자가 이 티켓의 팀에 속해 있지 않습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a tag is text</source>
        <translation>태그는 텍스트여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid tag {tag}: a tag cannot hold control characters</source>
        <translation>잘못된 태그 {tag}: 태그에는 제어 문자를 쓸 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid tag {tag}: a tag needs 1 to {most} characters</source>
        <translation>잘못된 태그 {tag}: 태그는 1~{most}자여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the message is empty</source>
        <translation>메시지가 비어 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid message kind {kind}: expected reply, note or call_log</source>
        <translation>잘못된 메시지 종류 {kind}: reply, note, call_log 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ticket #{number} was merged into {target}; reopen that one instead</source>
        <translation>티켓 #{number}은(는) {target}에 병합되었습니다. 그 티켓을 다시 여세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ticket #{number} has no arrival time to measure deadlines from</source>
        <translation>티켓 #{number}에는 기한을 잴 접수 시각이 없습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ticket #{number} was merged into {target}; reply there</source>
        <translation>티켓 #{number}은(는) {target}에 병합되었습니다. 그 티켓에서 답변하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ticket #{number} came in by {channel}, which cannot deliver a reply; add a note or a call log instead</source>
        <translation>티켓 #{number}은(는) {channel}(으)로 접수되어 답변을 보낼 수 없습니다. 내부 메모나 통화 기록을 남기세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a ticket cannot be merged into itself</source>
        <translation>티켓을 자기 자신에 병합할 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>#{number} was already merged into {target}</source>
        <translation>#{number}은(는) 이미 {target}에 병합되었습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>#{number} was itself merged; merge into {target}</source>
        <translation>#{number}은(는) 이미 병합된 티켓입니다. {target}에 병합하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a ticket is merged once it is saved</source>
        <translation>티켓은 저장된 뒤에 병합할 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>another ticket</source>
        <translation>다른 티켓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the ticket it was merged into</source>
        <translation>그 티켓이 병합된 티켓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid {field} &apos;{value}&apos;: expected one of {allowed}</source>
        <translation>잘못된 {field} 값 &apos;{value}&apos;: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no agent with login &apos;{login}&apos;</source>
        <translation>로그인 &apos;{login}&apos;인 상담사가 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this workspace has no agents yet; run &apos;agentdesk demo-data&apos; or add one</source>
        <translation>이 워크스페이스에는 아직 상담사가 없습니다. &apos;agentdesk demo-data&apos;를 실행하거나 상담사를 추가하세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no agent &apos;{ref}&apos;</source>
        <translation>상담사 &apos;{ref}&apos;을(를) 찾을 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>agent not found</source>
        <translation>상담사를 찾을 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;{value}&apos; is not a phone number</source>
        <translation>&apos;{value}&apos;은(는) 전화번호가 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>give a phone number, an email address or a name</source>
        <translation>전화번호, 이메일 주소 또는 이름을 입력하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no customer &apos;{ref}&apos;</source>
        <translation>고객 &apos;{ref}&apos;을(를) 찾을 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no ticket &apos;{ref}&apos;</source>
        <translation>티켓 &apos;{ref}&apos;을(를) 찾을 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown view &apos;{view}&apos;: expected one of {allowed}</source>
        <translation>알 수 없는 보기 &apos;{view}&apos;: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+381"/>
        <source>unknown time zone &apos;{zone}&apos;</source>
        <translation>알 수 없는 시간대 &apos;{zone}&apos;</translation>
    </message>
    <message>
        <location line="-380"/>
        <source>quick picks need an aware local time</source>
        <translation>빠른 선택에는 시간대가 있는 현지 시각이 필요합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>snooze choices need an aware local time</source>
        <translation>다시 알림 선택에는 시간대가 있는 현지 시각이 필요합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such follow-up in your calendar</source>
        <translation>내 일정에 그런 후속 작업이 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a follow-up needs a title</source>
        <translation>후속 작업의 제목을 입력하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>title is longer than {most} characters</source>
        <translation>제목이 {most}자보다 깁니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>due time must be a time-zone-aware date and time</source>
        <translation>기한은 시간대가 있는 날짜와 시각이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>due time {date} is outside {first}–{last}</source>
        <translation>기한 {date}이(가) {first}–{last}년 범위를 벗어납니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only an open follow-up can be snoozed</source>
        <translation>진행 중인 후속 작업만 다시 알림을 설정할 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this follow-up is already done</source>
        <translation>이미 완료된 후속 작업입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this follow-up is not linked to a ticket</source>
        <translation>이 후속 작업은 티켓에 연결되어 있지 않습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid repeat rule: give one RRULE such as FREQ=WEEKLY;BYDAY=MO</source>
        <translation>잘못된 반복 규칙: FREQ=WEEKLY;BYDAY=MO처럼 RRULE 하나를 입력하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid repeat rule: UNTIL={until} is not a date</source>
        <translation>잘못된 반복 규칙: UNTIL={until}은(는) 날짜가 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>repeat rule is longer than {most} characters</source>
        <translation>반복 규칙이 {most}자보다 깁니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid repeat rule &apos;{rule}&apos;: {part} must be between {low} and {high}</source>
        <translation>잘못된 반복 규칙 &apos;{rule}&apos;: {part}은(는) {low}~{high} 사이여야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>invalid repeat rule &apos;{rule}&apos;: INTERVAL must be between 1 and {most}</source>
        <translation>잘못된 반복 규칙 &apos;{rule}&apos;: INTERVAL은 1~{most} 사이여야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>invalid repeat rule &apos;{rule}&apos;: COUNT must be a positive number</source>
        <translation>잘못된 반복 규칙 &apos;{rule}&apos;: COUNT는 양수여야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>invalid repeat rule &apos;{rule}&apos;: FREQ must be one of {allowed}</source>
        <translation>잘못된 반복 규칙 &apos;{rule}&apos;: FREQ는 {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid repeat rule &apos;{rule}&apos;: {detail}</source>
        <translation>잘못된 반복 규칙 &apos;{rule}&apos;: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>repeat rule &apos;{rule}&apos; repeats more than {most} times from {start}: start it nearer today</source>
        <translation>반복 규칙 &apos;{rule}&apos;은(는) {start}부터 {most}번 넘게 반복됩니다. 시작일을 오늘에 더 가깝게 정하세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>repeat rule &apos;{rule}&apos; has no occurrence after the due time</source>
        <translation>반복 규칙 &apos;{rule}&apos;에 따르면 기한 이후에 일정이 한 번도 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>event {index}</source>
        <translation>{index}번째 일정</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>event {index} (UID {uid})</source>
        <translation>{index}번째 일정(UID {uid})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a line</source>
        <translation>한 줄</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: {error}</source>
        <translation>{where}: {error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: missing DTSTART</source>
        <translation>{where}: DTSTART가 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: invalid DTSTART: {detail}</source>
        <translation>{where}: 잘못된 DTSTART: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: unknown time zone &apos;{zone}&apos; in DTSTART</source>
        <translation>{where}: DTSTART의 시간대 &apos;{zone}&apos;을(를) 알 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: invalid DTSTART</source>
        <translation>{where}: 잘못된 DTSTART</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: cannot read {line}: {detail}</source>
        <translation>{where}: {line}을(를) 읽을 수 없습니다: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: DTSTART is outside {first}–{last}</source>
        <translation>{where}: DTSTART가 {first}–{last}년 범위를 벗어납니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: DTSTART {date} is outside {first}–{last}</source>
        <translation>{where}: DTSTART {date}이(가) {first}–{last}년 범위를 벗어납니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: more than one RRULE is not supported</source>
        <translation>{where}: RRULE은 하나만 쓸 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: X-AGENTDESK-TICKET &apos;{value}&apos; is not a ticket number</source>
        <translation>{where}: X-AGENTDESK-TICKET &apos;{value}&apos;은(는) 티켓 번호가 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file is larger than {most} MB: a calendar of follow-ups is far smaller (split it or export a shorter range)</source>
        <translation>파일이 {most}MB보다 큽니다. 후속 작업 일정은 이보다 훨씬 작습니다(파일을 나누거나 더 짧은 기간을 내보내세요)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the file holds {events} events: at most {most} can be imported at once</source>
        <translation>파일에 일정이 {events}개 있습니다. 한 번에 최대 {most}개까지 가져올 수 있습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the file is empty</source>
        <translation>파일이 비어 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a valid iCalendar file: {detail}</source>
        <translation>올바른 iCalendar 파일이 아닙니다: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not an iCalendar file (it holds a {holds}, not a VCALENDAR)</source>
        <translation>iCalendar 파일이 아닙니다(VCALENDAR가 아니라 {holds}이(가) 들어 있습니다)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a valid iCalendar file: cannot read {line}: {detail}</source>
        <translation>올바른 iCalendar 파일이 아닙니다: {line}을(를) 읽을 수 없습니다: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file holds more than {most} events</source>
        <translation>파일에 일정이 {most}개보다 많습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>checking the file took more than {seconds} s (at event {index}, UID {uid}): too many or too complex repeat rules</source>
        <translation>파일 확인에 {seconds}초 넘게 걸렸습니다({index}번째 일정, UID {uid}): 반복 규칙이 너무 많거나 복잡합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the file contains no events</source>
        <translation>파일에 일정이 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{field} must be text</source>
        <translation>{field}은(는) 텍스트여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{field} must not be empty</source>
        <translation>{field}을(를) 입력하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{field} is longer than {most} characters</source>
        <translation>{field}이(가) {most}자보다 깁니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+299"/>
        <source>{field}: {detail}</source>
        <translation>{field}: {detail}</translation>
    </message>
    <message>
        <location line="-298"/>
        <source>no knowledge article &apos;{ref}&apos;</source>
        <translation>지식 문서 &apos;{ref}&apos;을(를) 찾을 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid limit &apos;{limit}&apos;: expected a number from 1 to {most}</source>
        <translation>잘못된 개수 &apos;{limit}&apos;: 1~{most} 사이의 숫자여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tags must be a list of text</source>
        <translation>태그는 텍스트 목록이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a tag is longer than {most} characters</source>
        <translation>태그가 {most}자보다 깁니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only a lead or admin can review proposals ({login} is {role})</source>
        <translation>제안 검토는 팀장이나 관리자만 할 수 있습니다({login}의 역할: {role})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>only a published article can be edited by a proposal</source>
        <translation>게시된 문서만 제안으로 고칠 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;{title}&apos; is not a proposal waiting for review (it is {status})</source>
        <translation>&apos;{title}&apos;은(는) 검토를 기다리는 제안이 아닙니다(상태: {status})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the article this edit was proposed for is no longer published</source>
        <translation>이 수정 제안의 원래 문서가 더 이상 게시되어 있지 않습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>expected a JSON object with external_id, title and body</source>
        <translation>external_id, title, body가 있는 JSON 객체여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a tag must not contain a NUL character (\u0000)</source>
        <translation>태그에는 NUL 문자(\u0000)를 쓸 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{field} must not contain a NUL character (\u0000)</source>
        <translation>{field}에는 NUL 문자(\u0000)를 쓸 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid language &apos;{value}&apos;: expected one of {allowed}</source>
        <translation>잘못된 언어 &apos;{value}&apos;: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+248"/>
        <source>invalid visibility &apos;{value}&apos;: expected one of {allowed}</source>
        <translation>잘못된 공개 범위 &apos;{value}&apos;: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="-247"/>
        <source>article {index}: {error}</source>
        <translation>{index}번째 문서: {error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;{label}&apos; is required</source>
        <translation>&apos;{label}&apos;을(를) 입력하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;{label}&apos;: choose one of {choices}</source>
        <translation>&apos;{label}&apos;: {choices} 중에서 고르세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;{label}&apos;: expected {expected}, got &apos;{value}&apos;</source>
        <translation>&apos;{label}&apos;: {expected}을(를) 입력하세요(&apos;{value}&apos;은(는) 쓸 수 없습니다)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an amount in won, e.g. 12,000</source>
        <translation>원 단위 금액(예: 12,000)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a date, e.g. 2026-11-23</source>
        <translation>날짜(예: 2026-11-23)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a date and time, e.g. 2026-11-23 15:30</source>
        <translation>날짜와 시각(예: 2026-11-23 15:30)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown sort &apos;{sort}&apos;: expected one of {allowed}</source>
        <translation>알 수 없는 정렬 &apos;{sort}&apos;: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no template &apos;{ref}&apos;</source>
        <translation>템플릿 &apos;{ref}&apos;을(를) 찾을 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shortcut &apos;{shortcut}&apos; must be one word of at most {most} characters</source>
        <translation>단축어 &apos;{shortcut}&apos;은(는) 최대 {most}자의 한 단어여야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a template needs a title</source>
        <translation>템플릿 제목을 입력하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>template &apos;{title}&apos; has no text</source>
        <translation>템플릿 &apos;{title}&apos;에 내용이 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>template &apos;{title}&apos; is too long: {size} characters (at most {most})</source>
        <translation>템플릿 &apos;{title}&apos;이(가) 너무 깁니다: {size}자(최대 {most}자)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>template &apos;{title}&apos;: {error}</source>
        <translation>템플릿 &apos;{title}&apos;: {error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>template &apos;{title}&apos;: invalid scope &apos;{scope}&apos;: expected team or personal</source>
        <translation>템플릿 &apos;{title}&apos;: 잘못된 범위 &apos;{scope}&apos;: team 또는 personal이어야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>template &apos;{title}&apos;: invalid language &apos;{language}&apos; (e.g. ko, en)</source>
        <translation>템플릿 &apos;{title}&apos;: 잘못된 언어 &apos;{language}&apos;(예: ko, en)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>template &apos;{title}&apos;: shortcut &apos;{shortcut}&apos; is already used by &apos;{other}&apos;</source>
        <translation>템플릿 &apos;{title}&apos;: 단축어 &apos;{shortcut}&apos;은(는) 이미 &apos;{other}&apos;에서 쓰고 있습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>template {index} in the file: {error}</source>
        <translation>파일의 {index}번째 템플릿: {error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>template &apos;{title}&apos;: its id belongs to another agent&apos;s personal template</source>
        <translation>템플릿 &apos;{title}&apos;: 이 ID는 다른 상담사의 개인 템플릿입니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{path} is too big for a templates file (over {most} MB)</source>
        <translation>{path}은(는) 템플릿 파일로는 너무 큽니다({most}MB 초과)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} is not a JSON templates file: {detail}</source>
        <translation>{path}은(는) JSON 템플릿 파일이 아닙니다: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} is not a templates file: its JSON is nested too deeply</source>
        <translation>{path}은(는) 템플릿 파일이 아닙니다: JSON이 너무 깊게 중첩되어 있습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no such file: {path}</source>
        <translation>파일이 없습니다: {path}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot read {path}: {reason}</source>
        <translation>{path}을(를) 읽을 수 없습니다: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot write {path}: {reason}</source>
        <translation>{path}에 쓸 수 없습니다: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>macro: no agent &apos;{login}&apos; to assign to</source>
        <translation>매크로: 배정할 상담사 &apos;{login}&apos;이(가) 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the follow-up &apos;{title}&apos; needs the date asked by &apos;{prompt}&apos;</source>
        <translation>후속 작업 &apos;{title}&apos;에는 &apos;{prompt}&apos;에서 묻는 날짜가 필요합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the follow-up title cannot be filled: {detail}</source>
        <translation>후속 작업 제목을 채울 수 없습니다: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>macro follow_up: the title is too long for a title (at most {most} characters)</source>
        <translation>매크로 follow_up: 제목이 너무 깁니다(최대 {most}자)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>macro follow_up: title: {detail}</source>
        <translation>매크로 follow_up: 제목: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>macro follow_up: {field} must be a positive number of at most {most}</source>
        <translation>매크로 follow_up: {field}은(는) {most} 이하의 양수여야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>macro follow_up needs a title</source>
        <translation>매크로 follow_up에 제목이 필요합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>macro follow_up: at_prompt &apos;{prompt}&apos; is not a date or datetime prompt of this template</source>
        <translation>매크로 follow_up: at_prompt &apos;{prompt}&apos;은(는) 이 템플릿의 날짜 또는 날짜·시각 입력 항목이 아닙니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>macro follow_up: invalid kind &apos;{kind}&apos;: expected follow_up or callback</source>
        <translation>매크로 follow_up: 잘못된 종류 &apos;{kind}&apos;: follow_up 또는 callback이어야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>macro follow_up needs in_hours, in_days or at_prompt (when it is due)</source>
        <translation>매크로 follow_up에 기한(in_hours, in_days 또는 at_prompt)이 필요합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>macro {key} must be a list of tags</source>
        <translation>매크로 {key}은(는) 태그 목록이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>macro: invalid status &apos;{value}&apos;: expected one of {allowed}</source>
        <translation>매크로: 잘못된 상태 &apos;{value}&apos;: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>macro: invalid priority &apos;{value}&apos;: expected one of {allowed}</source>
        <translation>매크로: 잘못된 우선순위 &apos;{value}&apos;: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>macro assignee must be &apos;me&apos;, &apos;none&apos; or an agent&apos;s login</source>
        <translation>매크로 assignee는 &apos;me&apos;, &apos;none&apos; 또는 상담사 로그인이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>macro follow_up must be an object such as {&quot;in_hours&quot;: 24, &quot;title&quot;: &quot;…&quot;}</source>
        <translation>macro follow_up은 {&quot;in_hours&quot;: 24, &quot;title&quot;: &quot;…&quot;} 같은 객체여야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a macro must be an object such as {&quot;status&quot;: &quot;pending&quot;}</source>
        <translation>매크로는 {&quot;status&quot;: &quot;pending&quot;} 같은 객체여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown macro action &apos;{key}&apos;: expected status, priority, add_tags, remove_tags, assignee, follow_up</source>
        <translation>알 수 없는 매크로 동작 &apos;{key}&apos;: status, priority, add_tags, remove_tags, assignee, follow_up 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{where}: name &apos;{name}&apos; must be letters, digits and _ (used as input.{used})</source>
        <translation>{where}: 이름 &apos;{name}&apos;에는 영문자, 숫자, _만 쓸 수 있습니다(input.{used}로 쓰입니다)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>prompt &apos;{name}&apos;: invalid type &apos;{type}&apos;: expected one of {allowed}</source>
        <translation>입력 항목 &apos;{name}&apos;: 잘못된 형식 &apos;{type}&apos;: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>prompt &apos;{name}&apos;: a choice needs a list of choices</source>
        <translation>입력 항목 &apos;{name}&apos;: 선택형에는 선택지 목록이 필요합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>prompt &apos;{name}&apos;: only a choice prompt has choices</source>
        <translation>입력 항목 &apos;{name}&apos;: 선택지는 선택형 입력 항목에만 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>prompts must be a list of {name, label, type, required}</source>
        <translation>입력 항목은 {name, label, type, required}의 목록이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>prompt {index} must be an object with name, label and type</source>
        <translation>{index}번째 입력 항목은 name, label, type이 있는 객체여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>prompt {index}: the name &apos;{name}&apos; is used twice</source>
        <translation>{index}번째 입력 항목: 이름 &apos;{name}&apos;이(가) 두 번 쓰였습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: unknown key &apos;{key}&apos;</source>
        <translation>{where}: 알 수 없는 키 &apos;{key}&apos;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: {field}: {detail}</source>
        <translation>{where}: {field}: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}: {detail}</source>
        <translation>{where}: {detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not an AgentDesk templates file (expected &quot;format&quot;: &quot;{format}&quot;)</source>
        <translation>AgentDesk 템플릿 파일이 아닙니다(&quot;format&quot;: &quot;{format}&quot;이어야 합니다)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unsupported templates file version {version} (this AgentDesk reads {reads})</source>
        <translation>지원하지 않는 템플릿 파일 버전 {version}(이 AgentDesk는 {reads} 버전을 읽습니다)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the templates file has no &quot;templates&quot; list</source>
        <translation>템플릿 파일에 &quot;templates&quot; 목록이 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>template {index} in the file is not an object</source>
        <translation>파일의 {index}번째 템플릿이 객체가 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>agent &apos;{login}&apos; is not in this replica yet; sync first</source>
        <translation>상담사 &apos;{login}&apos;이(가) 아직 이 로컬 사본에 없습니다. 먼저 동기화하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only replies and notes can be written in a team workspace</source>
        <translation>팀 워크스페이스에서는 답변과 메모만 쓸 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>articles are added on the team server (agentdesk kb import --db …); from a team workspace you can propose one</source>
        <translation>문서는 팀 서버에서 추가합니다(agentdesk kb import --db …). 팀 워크스페이스에서는 문서를 제안할 수 있습니다</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this change ({table}) cannot be made from a team workspace&apos;s local copy yet; an admin or lead can make it on the server</source>
        <translation>이 변경({table})은 아직 팀 워크스페이스의 로컬 사본에서 할 수 없습니다. 관리자나 팀장이 서버에서 할 수 있습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a merged ticket cannot be moved or unmerged from a team workspace</source>
        <translation>병합된 티켓은 팀 워크스페이스에서 옮기거나 병합을 풀 수 없습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>merging tickets goes through the merge command</source>
        <translation>티켓 병합은 병합 명령으로 하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a follow-up needs a title of at most {most} characters</source>
        <translation>후속 작업에는 최대 {most}자의 제목이 필요합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>naive datetime given where a zone is required</source>
        <translation>시간대가 필요한 곳에 시간대 없는 시각이 주어졌습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a mutation must be an object</source>
        <translation>변경 요청은 객체여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a mutation needs a valid mutation_id</source>
        <translation>변경 요청에 올바른 mutation_id가 필요합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this mutation id was already used</source>
        <translation>이미 쓰인 변경 요청 ID입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown operation {op}</source>
        <translation>알 수 없는 작업 {op}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid entity</source>
        <translation>잘못된 대상</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a mutation&apos;s payload must be an object</source>
        <translation>변경 요청의 내용은 객체여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a mutation needs a valid entity_id</source>
        <translation>변경 요청에 올바른 entity_id가 필요합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the change is larger than {most} KiB</source>
        <translation>변경 내용이 {most}KiB보다 큽니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown agent &apos;{login}&apos;</source>
        <translation>알 수 없는 상담사 &apos;{login}&apos;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>your agent was removed</source>
        <translation>내 상담사 계정이 삭제되었습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>malformed {op} ({error})</source>
        <translation>형식이 잘못된 {op}({error})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not allowed for your role and team</source>
        <translation>내 역할과 팀으로는 할 수 없는 작업입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the change does not fit the server&apos;s data and was not applied</source>
        <translation>변경 내용이 서버의 데이터와 맞지 않아 적용되지 않았습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid {what} {value}</source>
        <translation>잘못된 {what} {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a change&apos;s fields are {name: [old, new]}</source>
        <translation>변경 항목은 {name: [old, new]} 형식이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the ticket no longer exists on the server</source>
        <translation>이 티켓은 서버에 더 이상 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ticket #{number} belongs to another team</source>
        <translation>티켓 #{number}은(는) 다른 팀의 티켓입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a follow-up belongs to the agent who makes it</source>
        <translation>후속 작업은 만든 상담사의 것입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid follow-up kind {kind}</source>
        <translation>잘못된 후속 작업 종류 {kind}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a follow-up needs a due time with a zone</source>
        <translation>후속 작업에는 시간대가 있는 기한이 필요합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such customer in your team&apos;s workspace</source>
        <translation>우리 팀 워크스페이스에 그런 고객이 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a follow-up&apos;s {field} cannot be empty</source>
        <translation>후속 작업의 {field}은(는) 비워 둘 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid follow-up {field}</source>
        <translation>후속 작업의 {field}이(가) 잘못되었습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the follow-up&apos;s {field} is too long</source>
        <translation>후속 작업의 {field}이(가) 너무 깁니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid follow-up status {status}</source>
        <translation>잘못된 후속 작업 상태 {status}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the {what} no longer exists on the server</source>
        <translation>이 {what}은(는) 서버에 더 이상 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a follow-up can only be changed by its owner</source>
        <translation>후속 작업은 만든 상담사만 바꿀 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>field {field} of a follow-up cannot be changed</source>
        <translation>후속 작업의 {field} 항목은 바꿀 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>agents set only their own status</source>
        <translation>상담사는 자기 상태만 바꿀 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a status change is [old, new]</source>
        <translation>상태 변경은 [old, new] 형식이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid agent status {status}</source>
        <translation>잘못된 상담사 상태 {status}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the article no longer exists on the server</source>
        <translation>이 문서는 서버에 더 이상 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a vote is helpful or not helpful</source>
        <translation>평가는 &apos;도움이 됨&apos; 또는 &apos;도움이 안 됨&apos;이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid article use {kind}</source>
        <translation>잘못된 문서 사용 방식 {kind}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a proposal needs a title (at most 300 characters) and a body</source>
        <translation>제안에는 제목(최대 300자)과 내용이 필요합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>tags must be a list of words</source>
        <translation>태그는 단어 목록이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this proposal was already {status}</source>
        <translation>이 제안은 이미 처리되었습니다(상태: {status})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid review action {action}</source>
        <translation>잘못된 검토 작업 {action}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a personal template belongs to the agent who saved it</source>
        <translation>개인 템플릿은 저장한 상담사의 것입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only a lead or admin can change the team&apos;s templates; save it as a personal template</source>
        <translation>팀 템플릿은 팀장이나 관리자만 바꿀 수 있습니다. 개인 템플릿으로 저장하세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unknown template fields</source>
        <translation>알 수 없는 템플릿 항목</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid template scope {scope}</source>
        <translation>잘못된 템플릿 범위 {scope}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a template needs a title (at most 200 characters) and a body</source>
        <translation>템플릿에는 제목(최대 200자)과 내용이 필요합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>#{number}: status {old_status} was changed to {new_status} by {agent} (who saw {saw_status})</source>
        <translation>#{number}: {agent} 님이 상태를 {old_status}에서 {new_status}(으)로 바꿨습니다(그 상담사가 본 상태: {saw_status})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>#{number}: your {field} was kept as a note; “{current}” stays</source>
        <translation>#{number}: 내 {field} 변경은 메모로 남겼습니다. “{current}”이(가) 유지됩니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>#{number}: {field} had already been changed to {current}; your {mine} was not applied</source>
        <translation>#{number}: {field}이(가) 이미 {current}(으)로 바뀌어 내 값 {mine}은(는) 적용되지 않았습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>follow-up “{title}”: {field} had been changed meanwhile; yours was not applied</source>
        <translation>후속 작업 “{title}”: 그 사이 {field}이(가) 바뀌어 내 변경은 적용되지 않았습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>too many requests: slow down</source>
        <translation>요청이 너무 많습니다. 잠시 후 다시 하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too many changes at once: slow down</source>
        <translation>한 번에 변경이 너무 많습니다. 잠시 후 다시 하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a ticket of your team</source>
        <translation>우리 팀의 티켓이 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only team leads and admins see where their agents are</source>
        <translation>상담사의 현재 상태는 팀장과 관리자만 볼 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sign in first</source>
        <translation>먼저 로그인하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too many failed sign-ins: wait a minute</source>
        <translation>로그인 실패가 너무 많습니다. 1분 뒤에 다시 하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a password needs at least {least} characters</source>
        <translation>비밀번호는 {least}자 이상이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a password may have at most {most} characters</source>
        <translation>비밀번호는 최대 {most}자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>wrong login or password</source>
        <translation>로그인 또는 비밀번호가 틀렸습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sign in again</source>
        <translation>다시 로그인하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the sign-in expired: sign in again</source>
        <translation>로그인이 만료되었습니다. 다시 로그인하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>template too large: {what}</source>
        <translation>템플릿이 너무 큽니다: {what}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>template too slow: {what}</source>
        <translation>템플릿이 너무 느립니다: {what}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>template too deep: calls nested more than {most} deep (does a macro call itself?)</source>
        <translation>템플릿이 너무 깊습니다: 호출이 {most}단계 넘게 중첩됩니다(매크로가 자기 자신을 부르나요?)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a field width or precision over {most} in &apos;%&apos; formatting</source>
        <translation>&apos;%&apos; 서식의 폭이나 정밀도가 {most}을(를) 넘습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a field width or precision over {most} in format()</source>
        <translation>format()의 폭이나 정밀도가 {most}을(를) 넘습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the formatted text would be over {most} characters</source>
        <translation>서식을 적용한 글이 {most}자를 넘습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it took more than {seconds} s to fill</source>
        <translation>채우는 데 {seconds}초 넘게 걸렸습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>loops are limited to {most} steps in a template</source>
        <translation>템플릿의 반복은 {most}회까지입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it writes more than {most} characters</source>
        <translation>{most}자 넘게 씁니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a list of more than {most} items</source>
        <translation>항목이 {most}개 넘는 목록</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>batch() is limited to {most} items a batch</source>
        <translation>batch()는 한 묶음에 {most}개까지입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>slice() is limited to {most} slices</source>
        <translation>slice()는 {most}조각까지입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>round() is limited to {most} digits</source>
        <translation>round()는 {most}자리까지입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tojson() indents by at most {most} spaces</source>
        <translation>tojson()의 들여쓰기는 최대 {most}칸입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sum() adds numbers only</source>
        <translation>sum()은 숫자만 더합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what} would make {size} characters (at most {most})</source>
        <translation>{what}이(가) {size}자를 만듭니다(최대 {most}자)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it makes more than {most} characters of text along the way</source>
        <translation>만드는 도중 글이 {most}자를 넘습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a number over {most} bits</source>
        <translation>{most}비트가 넘는 숫자</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a value of more than {most} characters</source>
        <translation>{most}자가 넘는 값</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lipsum() is limited to {paragraphs} paragraphs of {words} words</source>
        <translation>lipsum()은 {words}단어 문단 {paragraphs}개까지입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the exponent is too large</source>
        <translation>지수가 너무 큽니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the reply would be over {most} characters</source>
        <translation>답변이 {most}자를 넘습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid contact kind {kind}: expected phone or email</source>
        <translation>잘못된 연락처 종류 {kind}: phone 또는 email이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a {contact_kind} is text</source>
        <translation>{contact_kind} 연락처는 텍스트여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a {contact_kind} needs 1 to {most} characters</source>
        <translation>{contact_kind} 연락처는 1~{most}자여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{value} is not a phone number</source>
        <translation>{value}은(는) 전화번호가 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{value} is not an email address</source>
        <translation>{value}은(는) 이메일 주소가 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a customer&apos;s name is text</source>
        <translation>고객 이름은 텍스트여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a customer needs a name of 1 to {most} characters</source>
        <translation>고객 이름은 1~{most}자여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a customer&apos;s name cannot hold control characters</source>
        <translation>고객 이름에는 제어 문자를 쓸 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid first message {kind}: expected one of {allowed}</source>
        <translation>잘못된 첫 메시지 종류 {kind}: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the first message is empty</source>
        <translation>첫 메시지가 비어 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a {channel} ticket cannot start with a public reply; log the call or add a note</source>
        <translation>{channel} 티켓은 고객 답변으로 시작할 수 없습니다. 통화 기록이나 내부 메모를 남기세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no customer with the {contact_kind} {ref}</source>
        <translation>{contact_kind} {ref}(으)로 등록된 고객이 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the {contact_kind} {ref} belongs to {count} customers; give the customer&apos;s id (agentdesk customer find --{option} …)</source>
        <translation>{contact_kind} {ref}은(는) 고객 {count}명의 연락처입니다. 고객 ID를 입력하세요(agentdesk customer find --{option} …)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{value} already belongs to customer {name}; open that customer instead of adding another</source>
        <translation>{value}은(는) 이미 {name} 고객의 연락처입니다. 새로 등록하지 말고 그 고객을 여세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>that contact point no longer exists</source>
        <translation>이 연락처는 이미 삭제되었습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{value} is already one of {name}&apos;s contact points</source>
        <translation>{value}은(는) 이미 {name} 고객의 연락처입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{value} already belongs to {owners}</source>
        <translation>{value}은(는) 이미 {owners} 고객의 연락처입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the customer&apos;s name was changed by someone else while you were editing</source>
        <translation>수정하는 동안 다른 사람이 고객 이름을 바꿨습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the customer&apos;s notes were changed by someone else while you were editing</source>
        <translation>수정하는 동안 다른 사람이 고객 메모를 바꿨습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the customer&apos;s {field} was changed by someone else while you were editing</source>
        <translation>수정하는 동안 다른 사람이 고객의 {field} 항목을 바꿨습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>label</source>
        <translation>라벨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the {what} holds a control character</source>
        <translation>{what}에 제어 문자가 들어 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the {contact_kind} holds a control character</source>
        <translation>{contact_kind} 연락처에 제어 문자가 들어 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a customer&apos;s name needs 1 to {most} characters</source>
        <translation>고객 이름은 1~{most}자여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>notes are text</source>
        <translation>메모는 텍스트여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>notes hold at most {most} characters ({count} given)</source>
        <translation>메모는 최대 {most}자입니다(입력한 글자 수: {count}자)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>field {field} of a customer cannot be changed</source>
        <translation>고객의 {field} 항목은 바꿀 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a customer&apos;s tags hold at most {most} characters; remove one first</source>
        <translation>고객 태그는 합계 최대 {most}자입니다. 먼저 태그를 하나 지우세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a label is text</source>
        <translation>라벨은 텍스트여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a label has at most {most} characters</source>
        <translation>라벨은 최대 {most}자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid contact kind {kind}: expected one of {allowed}</source>
        <translation>잘못된 연락처 종류 {kind}: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{value}: a handle has no spaces</source>
        <translation>{value}: 계정 ID에는 공백을 쓸 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the customer {name} is served by another team; only that team or an admin can edit them</source>
        <translation>{name} 고객은 다른 팀이 담당합니다. 그 팀이나 관리자만 수정할 수 있습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the customer is served by another team; only that team or an admin can edit them</source>
        <translation>이 고객은 다른 팀이 담당합니다. 그 팀이나 관리자만 수정할 수 있습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a program</source>
        <translation>실행 파일</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;{name}&apos; is not attached: program and script files ({ext}) are not accepted</source>
        <translation>&apos;{name}&apos; 파일은 첨부되지 않았습니다. 프로그램·스크립트 파일({ext})은 받지 않습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&apos;{name}&apos; is not attached: it is {size}, a file may be at most {most}</source>
        <translation>&apos;{name}&apos; 파일은 첨부되지 않았습니다. 크기가 {size}이며, 파일당 최대 {most}까지입니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&apos;{name}&apos; is not attached: the file is empty</source>
        <translation>&apos;{name}&apos; 파일은 첨부되지 않았습니다. 빈 파일입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>at most {most} files can go with one message</source>
        <translation>메시지 하나에 파일은 최대 {most}개까지 첨부할 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the files of one message may be at most {most} together</source>
        <translation>메시지 하나의 첨부 파일은 합계 {most}까지입니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an attachment names its content by a SHA-256 in hex</source>
        <translation>첨부 파일은 내용을 16진수 SHA-256으로 지정해야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an attached file is no longer in this draft; attach it again</source>
        <translation>첨부한 파일이 이 초안에 더 이상 없습니다. 다시 첨부하세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no such attachment</source>
        <translation>첨부 파일을 찾을 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the content of &apos;{name}&apos; is not on this desk</source>
        <translation>&apos;{name}&apos; 파일의 내용이 이 PC에 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the content of &apos;{name}&apos; that arrived is not the file that was sent</source>
        <translation>받은 &apos;{name}&apos; 파일의 내용이 보낸 파일과 다릅니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an attachment is {id, filename, sha256}</source>
        <translation>첨부 파일은 {id, filename, sha256} 형식이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid attachment id</source>
        <translation>잘못된 첨부 파일 ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the content of &apos;{name}&apos; was not uploaded to the server</source>
        <translation>&apos;{name}&apos; 파일의 내용이 서버에 업로드되지 않았습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a bulk action changes at most {most} tickets at once; {count} are selected</source>
        <translation>일괄 작업은 한 번에 티켓 {most}개까지 바꿀 수 있습니다. 지금 {count}개를 선택했습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>choose what to change</source>
        <translation>바꿀 항목을 선택하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>there is nothing to undo</source>
        <translation>되돌릴 작업이 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>choose at least one other ticket to merge into the target</source>
        <translation>대상 티켓에 병합할 다른 티켓을 하나 이상 선택하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only a lead or admin can mark an article public or internal (this agent is {role})</source>
        <translation>문서의 공개·내부 지정은 팀장이나 관리자만 할 수 있습니다(이 상담사의 역할: {role})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a proposal is marked when it is published, not before</source>
        <translation>제안 문서는 게시될 때 공개 범위를 지정합니다. 그 전에는 지정할 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid working hours &apos;{text}&apos;: write them like &apos;Mon-Fri 09:00-18:00&apos;</source>
        <translation>잘못된 근무 시간 &apos;{text}&apos;: &apos;Mon-Fri 09:00-18:00&apos;처럼 입력하세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>invalid working hours &apos;{text}&apos;: the times must be from 00:00 to 23:59</source>
        <translation>잘못된 근무 시간 &apos;{text}&apos;: 시각은 00:00부터 23:59 사이여야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>working hours need a start before the end and at least one day</source>
        <translation>근무 시간은 시작이 끝보다 앞서야 하고 근무일이 하루 이상 있어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a due time needs its time zone</source>
        <translation>기한에는 시간대가 필요합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not an object</source>
        <translation>객체가 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a mention is made by writing a note that mentions a colleague</source>
        <translation>멘션은 동료를 언급하는 내부 메모를 작성해서 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a contact point stays with its customer and kind; remove it and add a new one</source>
        <translation>연락처의 고객과 종류는 바꿀 수 없습니다. 삭제한 뒤 새로 추가하세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>files are attached to a new reply or note, with it</source>
        <translation>파일은 새 답변이나 내부 메모를 작성할 때 함께 첨부합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only the agent who was mentioned can mark it read</source>
        <translation>멘션된 상담사만 읽음으로 표시할 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a new record&apos;s {name} are a list of objects</source>
        <translation>새 레코드의 {name}은(는) 객체 목록이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a new ticket needs its first message</source>
        <translation>새 티켓에는 첫 메시지가 필요합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid customer id</source>
        <translation>잘못된 고객 ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid agent id</source>
        <translation>잘못된 상담사 ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an agent without a team cannot open tickets</source>
        <translation>팀에 속하지 않은 상담사는 티켓을 만들 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a ticket can only be opened in your own team</source>
        <translation>티켓은 내 팀에서만 만들 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a customer&apos;s tags change is {add: [...], remove: [...]}</source>
        <translation>고객 태그 변경은 {add: [...], remove: [...]} 형식이어야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a contact point carries its customer, kind, value, label and primary flag only</source>
        <translation>연락처에는 고객, 종류, 값, 라벨, 대표 여부만 담을 수 있습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a contact point stays with its customer and kind</source>
        <translation>연락처의 고객과 종류는 바꿀 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a contact point is primary or not</source>
        <translation>연락처의 대표 여부는 예 또는 아니요여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{value} also belongs to customer {owner}; both records were kept</source>
        <translation>{value}은(는) {owner} 고객의 연락처이기도 합니다. 두 고객 기록을 모두 남겼습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name}: the {field} had been changed by someone else meanwhile; yours was not applied</source>
        <translation>{name}: 그사이 다른 사람이 {field}을(를) 바꿔서 내 변경은 적용되지 않았습니다</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the view&apos;s filters are larger than {most} KiB</source>
        <translation>보기의 필터가 {most} KiB를 넘습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the view&apos;s filters are not valid JSON</source>
        <translation>보기의 필터가 올바른 JSON 형식이 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the view&apos;s filters must be an object</source>
        <translation>보기의 필터는 객체여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the view was saved by another version of AgentDesk (format {version})</source>
        <translation>다른 버전의 AgentDesk에서 저장한 보기입니다(형식 {version})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{field}: {detail} (and {more} more)</source>
        <translation>{field}: {detail} (외 {more}건)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a view needs a name</source>
        <translation>보기 이름을 입력하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a view&apos;s name has at most {most} characters</source>
        <translation>보기 이름은 최대 {most}자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the name cannot hold control characters</source>
        <translation>이름에는 제어 문자를 쓸 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the text search cannot hold control characters</source>
        <translation>검색어에는 제어 문자를 쓸 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the assignee is &apos;me&apos;, &apos;none&apos; or an id</source>
        <translation>담당자는 &apos;me&apos;, &apos;none&apos; 또는 상담사 ID여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the team is &apos;mine&apos; or an id</source>
        <translation>팀은 &apos;mine&apos; 또는 팀 ID여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a view has at most {most} conditions</source>
        <translation>보기 하나에 조건은 최대 {most}개까지 넣을 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a time filter needs within_hours or older_than_hours</source>
        <translation>기간 필터에는 within_hours나 older_than_hours가 필요합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>older_than_hours must be less than within_hours (nothing would match)</source>
        <translation>older_than_hours는 within_hours보다 작아야 합니다(이대로는 해당하는 티켓이 없습니다)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid view scope {scope}: expected personal or team</source>
        <translation>잘못된 보기 범위 {scope}: personal 또는 team이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a personal view belongs to no team</source>
        <translation>개인 보기는 팀에 속하지 않습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a personal view belongs to the agent who saved it</source>
        <translation>개인 보기는 저장한 상담사만 바꿀 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only a lead or admin can share views with a team; duplicate it into your own views</source>
        <translation>팀에 보기를 공유하는 것은 팀장이나 관리자만 할 수 있습니다. 내 보기로 복제해서 쓰세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a team view needs the team it is shared with</source>
        <translation>팀 보기에는 공유할 팀을 지정해야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a lead shares views with their own team only</source>
        <translation>팀장은 자기 팀에만 보기를 공유할 수 있습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no saved view &apos;{ref}&apos;</source>
        <translation>저장된 보기 &apos;{ref}&apos;이(가) 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>saved view {name} cannot be read</source>
        <translation>저장된 보기 {name}을(를) 읽을 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>saved view {name} was skipped: {error}</source>
        <translation>저장된 보기 {name}을(를) 읽지 못해 목록에서 뺐습니다: {error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(unnamed)</source>
        <translation>(이름 없음)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown view &apos;{ref}&apos;: expected one of {builtin}, or a saved view (yours and your team&apos;s: {names})</source>
        <translation>알 수 없는 보기 &apos;{ref}&apos;: {builtin} 중 하나이거나 저장된 보기(내 보기와 팀 보기: {names})여야 합니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>none yet</source>
        <translation>아직 없음</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>your views already have one named “{name}”</source>
        <translation>내 보기에 이미 “{name}” 보기가 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the team&apos;s views already have one named “{name}”</source>
        <translation>팀 보기에 이미 “{name}” 보기가 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>at most {most} views in one list; delete one first</source>
        <translation>한 목록에 보기는 최대 {most}개까지입니다. 먼저 하나를 삭제하세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no team is named &apos;{team}&apos; (teams: {known})</source>
        <translation>&apos;{team}&apos;이라는 팀이 없습니다 (팀: {known})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the period starts after it ends: {start} is after {end}</source>
        <translation>기간의 시작이 끝보다 늦습니다: {start}은(는) {end} 이후입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a period is at most {most} days</source>
        <translation>기간은 최대 {most}일입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown metric &apos;{key}&apos;: expected one of {allowed}</source>
        <translation>알 수 없는 지표 &apos;{key}&apos;: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an hour of the day is 0 to 23, in a one-day period (got {hour})</source>
        <translation>시간대는 하루짜리 기간에서 0~23이어야 합니다 (입력: {hour})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a chart covers 1 to 366 days (got {days})</source>
        <translation>차트 기간은 1~366일입니다 (입력: {days})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid kind of work {kind}: expected one of {allowed}</source>
        <translation>잘못된 작업 종류 {kind}: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recorded time is a whole number of seconds from 1 to {most}</source>
        <translation>기록 시간은 1~{most}초 사이의 정수여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the work&apos;s start time is not a valid time with a zone</source>
        <translation>작업 시작 시각이 시간대가 있는 올바른 시각이 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the work&apos;s start time is in the future</source>
        <translation>작업 시작 시각이 미래입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ticket #{number} is another team&apos;s: time is recorded on your team&apos;s tickets</source>
        <translation>티켓 #{number}은(는) 다른 팀의 티켓입니다: 작업 시간은 우리 팀 티켓에만 기록합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an agent records only their own time</source>
        <translation>상담사는 자기 작업 시간만 기록할 수 있습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unknown view fields</source>
        <translation>알 수 없는 보기 항목이 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a view&apos;s position is a whole number from 0 to 10,000</source>
        <translation>보기 순서는 0부터 10,000 사이의 정수여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>at most {most} views in one list</source>
        <translation>한 목록에 보기는 최대 {most}개까지입니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{field} must be a finite number, not {value}</source>
        <translation>{field}은(는) 유한한 수여야 합니다({value}은(는) 쓸 수 없습니다)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{field} must not be negative (got {value})</source>
        <translation>{field}은(는) 음수일 수 없습니다(입력값 {value})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{field} must be more than 0 (got {value})</source>
        <translation>{field}은(는) 0보다 커야 합니다(입력값 {value})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the target service level must be more than 0 and less than 1 (got {value})</source>
        <translation>목표 서비스 수준은 0보다 크고 1보다 작아야 합니다(입력값 {value})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shrinkage must be at least 0 and less than 1 (got {value})</source>
        <translation>손실률(shrinkage)은 0 이상 1 미만이어야 합니다(입력값 {value})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>agents must be a whole number up to {most} (got {value})</source>
        <translation>상담사 수는 {most} 이하의 정수여야 합니다(입력값 {value})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{traffic} Erlangs need more than {most} agents to meet the target</source>
        <translation>{traffic} 얼랑의 트래픽은 목표를 맞추려면 상담사가 {most}명보다 많이 필요합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the period ends ({end}) before it starts ({start})</source>
        <translation>기간의 끝({end})이 시작({start})보다 앞섭니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a staffing period has at most {most} days ({days} given)</source>
        <translation>인력 산정 기간은 최대 {most}일입니다({days}일을 지정함)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the period from {start} to {end} has no day on the chosen weekdays</source>
        <translation>{start}부터 {end}까지의 기간에 선택한 요일이 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>choose at least one channel</source>
        <translation>채널을 하나 이상 선택하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no team &apos;{name}&apos;</source>
        <translation>&apos;{name}&apos; 팀이 없습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>invalid export format &apos;{value}&apos;: expected csv or xlsx</source>
        <translation>잘못된 내보내기 형식 &apos;{value}&apos;: csv 또는 xlsx여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an XLSX sheet holds at most {most} rows; export this list as CSV</source>
        <translation>XLSX 시트에는 최대 {most}행까지 들어갑니다. 이 목록은 CSV로 내보내세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the {what} is missing</source>
        <translation>{what}이(가) 비어 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the {what} has at most {most} characters</source>
        <translation>{what}은(는) 최대 {most}자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the {what} cannot hold control characters</source>
        <translation>{what}에는 제어 문자를 쓸 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a rubric item must be an object</source>
        <translation>평가표 항목은 객체여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a rubric item has unknown fields: {fields}</source>
        <translation>평가표 항목에 알 수 없는 필드가 있습니다: {fields}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid rubric item key {key}: use up to 32 lower-case letters, digits or &apos;_&apos;, starting with a letter</source>
        <translation>잘못된 평가표 항목 키 {key}: 영문 소문자로 시작하는 소문자·숫자·&apos;_&apos; 32자 이내로 쓰세요</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the weight of {key} must be a number above 0 and at most {most}</source>
        <translation>{key}의 가중치는 0보다 크고 {most} 이하인 수여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the maximum points of {key} must be a whole number from 1 to {most}</source>
        <translation>{key}의 만점은 1부터 {most} 사이의 정수여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>auto_fail of {key} must be true or false</source>
        <translation>{key}의 auto_fail은 true 또는 false여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a rubric needs at least one item</source>
        <translation>평가표에는 항목이 하나 이상 있어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a rubric has at most {most} items</source>
        <translation>평가표 항목은 최대 {most}개입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the rubric has item {key} twice</source>
        <translation>평가표에 {key} 항목이 두 번 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only a lead or admin can change a rubric</source>
        <translation>평가표는 팀장이나 관리자만 바꿀 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a lead changes their own team&apos;s rubric only</source>
        <translation>팀장은 자기 팀의 평가표만 바꿀 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no rubric {ref}</source>
        <translation>평가표 {ref}이(가) 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the rubric {name} has reviews: save the change as a new rubric</source>
        <translation>평가표 {name}에는 이미 평가가 있습니다. 바꾼 내용은 새 평가표로 저장하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no active rubric for this team: add one first</source>
        <translation>이 팀에 사용 중인 평가표가 없습니다. 먼저 추가하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the rubric {name} is not in use</source>
        <translation>평가표 {name}은(는) 사용 중이 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the scores must be an object of item: points</source>
        <translation>점수는 항목: 점수 형태의 객체여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the rubric has no item {key}</source>
        <translation>평가표에 {key} 항목이 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{key} is not scored</source>
        <translation>{key} 항목에 점수가 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{key} takes whole points from 0 to {most}</source>
        <translation>{key} 항목 점수는 0부터 {most} 사이의 정수입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid score {value}: write key=points, e.g. greeting=4</source>
        <translation>잘못된 점수 {value}: 키=점수 형태로 쓰세요(예: greeting=4)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the comments must be an object of item: text</source>
        <translation>코멘트는 항목: 내용 형태의 객체여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the {what} comment must be text</source>
        <translation>{what} 코멘트는 텍스트여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the {what} comment has at most {most} characters</source>
        <translation>{what} 코멘트는 최대 {most}자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only a lead or admin can write a quality review</source>
        <translation>품질 평가는 팀장이나 관리자만 할 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>nobody reviews their own work</source>
        <translation>자기 응대는 평가할 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a lead reviews only the agents of their own team</source>
        <translation>팀장은 자기 팀 상담사만 평가할 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ticket #{number} is not handled yet: only a solved or closed ticket is reviewed</source>
        <translation>티켓 #{number}은(는) 아직 처리되지 않았습니다. 해결되거나 종료된 티켓만 평가합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ticket #{number} was not handled by that agent</source>
        <translation>티켓 #{number}은(는) 그 상담사가 처리한 티켓이 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ticket #{number} has no assignee to review</source>
        <translation>티켓 #{number}에는 평가할 담당자가 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ticket #{number} is an abusive contact: it is left out of quality reviews</source>
        <translation>티켓 #{number}은(는) 폭언·폭력 응대로 기록되어 품질 평가에서 제외됩니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ticket #{number} has been reviewed already</source>
        <translation>티켓 #{number}은(는) 이미 평가되었습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>you may not see the reviews of {name}</source>
        <translation>{name} 님의 평가는 볼 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a sample holds 1 to {most} tickets</source>
        <translation>표본은 1건부터 {most}건까지입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown review fields</source>
        <translation>알 수 없는 평가 항목이 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown rubric fields</source>
        <translation>알 수 없는 평가표 항목이 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a rubric&apos;s active mark is true or false</source>
        <translation>평가표의 사용 여부는 true 또는 false여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+22"/>
        <source>no team &apos;{ref}&apos;</source>
        <translation>&apos;{ref}&apos; 팀이 없습니다</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>invalid routing mode {mode}: expected one of {allowed}</source>
        <translation>잘못된 배정 방식 {mode}: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the priority rules must be a list</source>
        <translation>우선순위 규칙은 목록이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>at most {most} priority rules</source>
        <translation>우선순위 규칙은 최대 {most}개까지입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>two age rules with the same minutes</source>
        <translation>같은 시간(분)의 경과 시간 규칙이 두 개 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>priority rule {n} is not an object</source>
        <translation>우선순위 규칙 {n}이(가) 객체가 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>priority rule {n}: unknown kind {kind}: expected one of {allowed}</source>
        <translation>우선순위 규칙 {n}: 알 수 없는 종류 {kind}: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>priority rule {n}: unknown fields {fields}</source>
        <translation>우선순위 규칙 {n}: 알 수 없는 항목 {fields}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>priority rule {n}: {field} needs 1 to {most} entries</source>
        <translation>우선순위 규칙 {n}: {field}에는 1~{most}개의 항목이 필요합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>priority rule {n}: each of {field} has 1 to {most} characters</source>
        <translation>우선순위 규칙 {n}: {field}의 각 항목은 1~{most}자여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>priority rule {n}: invalid {field} {value}: expected one of {allowed}</source>
        <translation>우선순위 규칙 {n}: 잘못된 {field} 값 {value}: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>priority rule {n}: minutes must be a whole number from 1 to {most}</source>
        <translation>우선순위 규칙 {n}: 시간(분)은 1부터 {most} 사이의 정수여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>skills must be an object with channels, languages and categories lists</source>
        <translation>기술은 channels, languages, categories 목록을 가진 객체여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the {field} of an agent&apos;s skills is a list of at most {most}</source>
        <translation>상담사 기술의 {field}은(는) 최대 {most}개의 목록이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid skill {field} {value}</source>
        <translation>잘못된 기술 {field} 값 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>capacity must be a whole number from 0 to {most}</source>
        <translation>수용량은 0부터 {most} 사이의 정수여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only a lead of the team or an admin can change its routing</source>
        <translation>팀의 리드 또는 관리자만 배정 규칙을 바꿀 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only a lead of the agent&apos;s team or an admin can change an agent&apos;s capacity and skills</source>
        <translation>상담사의 팀 리드 또는 관리자만 수용량과 기술을 바꿀 수 있습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>you cannot raise your own capacity; ask your lead</source>
        <translation>자신의 수용량은 올릴 수 없습니다. 리드에게 요청하세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>which team? give --team (teams: {names})</source>
        <translation>어느 팀인가요? --team 으로 지정하세요 (팀: {names})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unknown routing rule fields</source>
        <translation>알 수 없는 배정 규칙 항목이 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a team&apos;s routing rules have the id derived from the team</source>
        <translation>팀의 배정 규칙 id는 팀에서 정해집니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an agent profile change holds capacity or skills, nothing else</source>
        <translation>상담사 프로필 변경에는 수용량이나 기술만 담을 수 있습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>invalid agent status {status}: expected one of {allowed}</source>
        <translation>잘못된 상담사 상태 {status}: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid incident kind {kind}: expected one of {allowed}</source>
        <translation>잘못된 보호 조치 종류 {kind}: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a warning is level 1 or 2, not {level}</source>
        <translation>경고는 1차 또는 2차만 있습니다({level} 아님)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the reason is text</source>
        <translation>사유는 텍스트여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the reason has at most {most} characters</source>
        <translation>사유는 최대 {most}자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ending a contact needs a reason</source>
        <translation>상담을 종료하려면 사유를 입력해야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>agents record protection incidents only for themselves</source>
        <translation>보호 조치 기록은 상담사 본인만 남길 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>protection incidents are recorded on tickets of your own team</source>
        <translation>보호 조치는 내 팀의 티켓에만 기록할 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only a warning names the script message it sent</source>
        <translation>경고만 보낸 안내 메시지를 지정할 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a warning names the script message it sent</source>
        <translation>경고에는 보낸 안내 메시지가 있어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the warning&apos;s script is not your reply or call log on this ticket</source>
        <translation>경고 안내 메시지가 이 티켓에 내가 쓴 답변이나 통화 기록이 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a warning script is text of 1 to {most} characters</source>
        <translation>경고 안내 문구는 1~{most}자의 텍스트여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a protection incident carries its ticket, kind, reason and script message only</source>
        <translation>보호 조치 기록에는 티켓, 종류, 사유, 안내 메시지만 담을 수 있습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the message is {size}, more than the {most} one inbound message may be: nothing of it was stored</source>
        <translation>메시지 크기가 {size}로, 수신 메시지 한 건의 최대 크기 {most}를 넘습니다: 아무것도 저장하지 않았습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>only a lead of the team or an admin can change its automatic answers</source>
        <translation>팀의 자동 응답은 해당 팀의 팀장이나 관리자만 바꿀 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid channel {channel}: expected one of {allowed}</source>
        <translation>잘못된 채널 {channel}: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the confidence threshold is a number from {least} to {most}</source>
        <translation>신뢰도 기준은 {least}~{most} 사이의 숫자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the categories are a list of at most {most}</source>
        <translation>분류는 최대 {most}개까지의 목록입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>each category has 1 to {most} characters</source>
        <translation>분류 이름은 1~{most}자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>on or off is true or false</source>
        <translation>켜기·끄기 값은 true 또는 false입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown auto-response settings fields</source>
        <translation>알 수 없는 자동 응답 설정 항목입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a team&apos;s auto-response settings have the id derived from the team and channel</source>
        <translation>팀의 자동 응답 설정 ID는 팀과 채널로 정해집니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only a lead of the team or an admin can change its search synonyms</source>
        <translation>팀의 검색 동의어는 해당 팀의 팀장이나 관리자만 바꿀 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a synonym&apos;s phrase has 2 to {most} characters</source>
        <translation>동의어 표현은 2~{most}자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a synonym&apos;s words have 1 to {most} characters</source>
        <translation>동의어 단어는 1~{most}자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a synonym&apos;s words must differ from its phrase</source>
        <translation>동의어 단어는 표현과 달라야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a synonym is one of {allowed}</source>
        <translation>동의어 상태는 {allowed} 중 하나입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deleted is true or false</source>
        <translation>삭제 여부는 true 또는 false입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a team has at most {most} synonyms</source>
        <translation>팀 동의어는 최대 {most}개입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown synonym fields</source>
        <translation>알 수 없는 동의어 항목입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a team&apos;s synonym has the id derived from the team and phrase</source>
        <translation>팀 동의어의 ID는 팀과 표현으로 정해집니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>invalid call disposition {disposition}: expected one of {allowed}</source>
        <translation>잘못된 통화 결과 {disposition}: {allowed} 중 하나여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a call&apos;s talk, hold and after-call work are whole seconds from 0 to {most}</source>
        <translation>통화·보류·후처리 시간은 0~{most}초 사이의 정수여야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>call notes have at most {most} characters</source>
        <translation>통화 메모는 최대 {most}자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the call event&apos;s {field} is missing or not valid</source>
        <translation>통화 이벤트의 {field} 값이 없거나 올바르지 않습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the call event&apos;s {field} is not a time with a zone (ISO 8601)</source>
        <translation>통화 이벤트의 {field} 값이 시간대가 있는 시각(ISO 8601)이 아닙니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>call {call_id} has sent {most} events already: no more are taken</source>
        <translation>통화 {call_id}의 이벤트가 이미 {most}개입니다: 더 받지 않습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>only a trainer of the team or an admin can write its training scenarios</source>
        <translation>팀의 교육 시나리오는 해당 팀의 트레이너나 관리자만 작성할 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only a trainer or lead of the trainee&apos;s team, or an admin, can assign training</source>
        <translation>교육 과제는 교육생 팀의 트레이너나 팀장, 또는 관리자만 배정할 수 있습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a training attempt can only be recorded by the trainee who made it</source>
        <translation>교육 시도는 본인만 기록할 수 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid training mode {mode}: expected practice or certification</source>
        <translation>잘못된 교육 방식 {mode}: practice 또는 certification이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid scenario format {format}: expected toml or json</source>
        <translation>잘못된 시나리오 형식 {format}: toml 또는 json이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an assignment note has at most {most} characters</source>
        <translation>과제 메모는 최대 {most}자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the scenario is empty</source>
        <translation>시나리오가 비어 있습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a scenario has at most {most} KB</source>
        <translation>시나리오는 최대 {most}KB입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the scenario is not valid: {problem}</source>
        <translation>시나리오가 올바르지 않습니다: {problem}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{key} is a bundled scenario&apos;s id: give yours another id</source>
        <translation>{key}은(는) 기본 제공 시나리오의 ID입니다. 다른 ID를 쓰세요</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an attempt&apos;s actions are a list of objects</source>
        <translation>시도의 동작은 객체의 목록이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an attempt has at most {most} actions</source>
        <translation>한 시도의 동작은 최대 {most}개입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an attempt&apos;s actions are at most {most} MB</source>
        <translation>한 시도의 동작은 최대 {most}MB입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the attempt&apos;s actions cannot be replayed: {problem}</source>
        <translation>시도의 동작을 재생할 수 없습니다: {problem}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the session&apos;s end is a number of seconds from 0 to a week</source>
        <translation>세션 종료 시각은 0초부터 일주일 사이의 초 단위 숫자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the scenario&apos;s fingerprint is 64 hexadecimal characters</source>
        <translation>시나리오 지문은 16진수 64자입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the attempt was played on another version of scenario {key}: it cannot be scored</source>
        <translation>이 시도는 시나리오 {key}의 다른 버전으로 진행되어 채점할 수 없습니다</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no scenario {key} in the bundled ones or the team&apos;s</source>
        <translation>기본 제공 시나리오와 팀 시나리오에 {key}이(가) 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such trainee: {ref}</source>
        <translation>그런 교육생이 없습니다: {ref}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} is in no team: training is assigned within a team</source>
        <translation>{name}은(는) 소속 팀이 없습니다. 교육은 팀 안에서 배정합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such assignment for this trainee: {ref}</source>
        <translation>이 교육생에게 그런 과제가 없습니다: {ref}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the attempt is not the scenario and mode assigned ({key}, {mode})</source>
        <translation>배정된 시나리오·방식({key}, {mode})과 다른 시도입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such training attempt: {ref}</source>
        <translation>그런 교육 시도가 없습니다: {ref}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>you cannot see this trainee&apos;s training results</source>
        <translation>이 교육생의 교육 결과를 볼 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this training attempt was recorded already</source>
        <translation>이미 기록된 교육 시도입니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the due date is a time with a zone (ISO 8601)</source>
        <translation>마감일은 시간대가 있는 시각(ISO 8601)이어야 합니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the attempt&apos;s start is a time with a zone (ISO 8601), not in the future</source>
        <translation>시도 시작 시각은 시간대가 있는 시각(ISO 8601)이며 미래일 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown training fields: {fields}</source>
        <translation>알 수 없는 교육 항목: {fields}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a team&apos;s scenario has the id derived from the team and scenario id</source>
        <translation>팀 시나리오의 ID는 팀과 시나리오 ID로 정해집니다</translation>
    </message>
</context>
<context>
    <name>events</name>
    <message>
        <location line="+3"/>
        <source>{actor} changed status {old} → {new}</source>
        <translation>{actor} 님이 상태 변경: {old} → {new}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{actor} changed priority {old} → {new}</source>
        <translation>{actor} 님이 우선순위 변경: {old} → {new}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{actor} assigned it to {new}</source>
        <translation>{actor} 님이 {new} 님에게 배정</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{actor} took the ticket</source>
        <translation>{actor} 님이 담당을 맡음</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{actor} unassigned {old}</source>
        <translation>{actor} 님이 {old} 님의 배정을 해제</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{actor} changed assignee {old} → {new}</source>
        <translation>{actor} 님이 담당자 변경: {old} → {new}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{actor} added tags {tags}</source>
        <translation>{actor} 님이 태그 추가: {tags}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{actor} removed tags {tags}</source>
        <translation>{actor} 님이 태그 삭제: {tags}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{actor} merged #{source} into #{target}</source>
        <translation>{actor} 님이 #{source}을(를) #{target}에 병합</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>AgentDesk (automatic)</source>
        <translation>AgentDesk(자동)</translation>
    </message>
</context>
<context>
    <name>kpi</name>
    <message>
        <location filename="../../agentdesk/views/kpis.py" line="-458"/>
        <source>The local calendar days from `from` to `to`, both inclusive, in the time zone `tz` (default: the workspace&apos;s time_zone setting), and the team, if one was given.</source>
        <translation>시간대 `tz`(기본값: 워크스페이스의 time_zone 설정) 기준으로 `from`부터 `to`까지의 달력 날짜(양 끝 포함)와, 지정한 경우 팀입니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tickets not deleted and not merged into another, created inside the period (filtered by team when given).</source>
        <translation>기간 안에 생성되었고 삭제되지 않았으며 다른 티켓에 병합되지 않은 티켓입니다(팀을 지정하면 그 팀의 티켓).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The cohort&apos;s size.</source>
        <translation>대상 티켓의 수입니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{channel: count} over the cohort.</source>
        <translation>대상 티켓의 채널별 건수 {채널: 건수}입니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{median, p90, count} over cohort tickets that have a first response: the earliest public agent reply (an outbound message) or call log on the ticket, minus the ticket&apos;s creation. Median is the mean of the two middle values for an even count; p90 is the value at rank ⌈0.9·n⌉ of the sorted list.</source>
        <translation>첫 응답이 있는 대상 티켓의 {median, p90, count}: 티켓의 가장 이른 상담사 공개 답변(발신 메시지) 또는 통화 기록 시각에서 티켓 생성 시각을 뺀 값입니다. 중앙값은 개수가 짝수이면 가운데 두 값의 평균이고, p90은 정렬한 목록에서 ⌈0.9·n⌉번째 값입니다.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The number of cohort tickets without a first response.</source>
        <translation>첫 응답이 없는 대상 티켓의 수입니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{median, p90, count} over cohort tickets with a solved time: solved minus created.</source>
        <translation>해결 시각이 있는 대상 티켓의 {median, p90, count}: 해결 시각에서 생성 시각을 뺀 값입니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Among cohort tickets with a solved time, the share reopened at least once.</source>
        <translation>해결 시각이 있는 대상 티켓 중 한 번 이상 다시 열린 티켓의 비율입니다.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First contact resolution: among cohort tickets now solved or closed, the share never reopened and with at most one agent contact (outbound replies plus call logs).</source>
        <translation>첫 접촉 해결률: 지금 해결 또는 종료 상태인 대상 티켓 중 다시 열린 적이 없고 상담사 접촉(발신 답변과 통화 기록)이 한 번 이하인 티켓의 비율입니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{rate, responses} over CSAT answers (1-5) given inside the period: the share of 4 and 5. With a team, only answers about that team&apos;s tickets.</source>
        <translation>기간 안에 받은 CSAT 응답(1~5)의 {rate, responses}: 4와 5의 비율입니다. 팀을 지정하면 그 팀 티켓에 대한 응답만 셉니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{score, responses} over NPS answers (0-10) given inside the period: 100 × (promoters 9-10 − detractors 0-6) ÷ responses. With a team, only answers about that team&apos;s tickets.</source>
        <translation>기간 안에 받은 NPS 응답(0~10)의 {score, responses}: 100 × (추천 9~10 − 비추천 0~6) ÷ 응답 수입니다. 팀을 지정하면 그 팀 티켓에 대한 응답만 셉니다.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tickets not deleted or merged whose status is new, open, pending or on hold, now (filtered by team when given).</source>
        <translation>지금 상태가 신규, 진행 중, 대기 또는 보류이고 삭제되거나 병합되지 않은 티켓입니다(팀을 지정하면 그 팀의 티켓).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Among cohort tickets whose SLA outcome is decided, the share that met every deadline. A deadline is met when the first response (or the solved time, for the resolution deadline) came at or before it, and missed when it came later or has not come and the deadline has passed; a ticket is decided when every deadline is met or one is missed. Paused time (pending, on hold) does not move a deadline.</source>
        <translation>SLA 결과가 정해진 대상 티켓 중 모든 기한을 지킨 티켓의 비율입니다. 첫 응답(해결 기한은 해결 시각)이 기한 이전 또는 정각에 있었으면 지킨 것이고, 그보다 늦었거나 아직 없는데 기한이 지났으면 놓친 것입니다. 모든 기한을 지켰거나 하나라도 놓치면 결과가 정해집니다. 일시 정지 시간(대기, 보류)은 기한을 늦추지 않습니다.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{median, p90, count, mean} over tickets not deleted with work recorded inside the period (with a team, work on that team&apos;s tickets): per ticket, the sum of its work sessions that started inside the period (talk + hold + after-contact work for calls; worked time for written channels). Contacts ended as abusive, or tagged `abusive-contact`, are left out (docs/protection.md).</source>
        <translation>기간 안에 작업이 기록된 삭제되지 않은 티켓의 {median, p90, count, mean}(팀을 지정하면 그 팀 티켓의 작업): 티켓마다 기간 안에 시작한 작업 기록의 합계입니다(전화는 통화 + 보류 + 후처리, 글 채널은 작업 시간). 폭언으로 종료했거나 `abusive-contact` 태그가 붙은 상담은 제외합니다(docs/protection.md).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Tickets created</source>
        <translation>생성 티켓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First response (median)</source>
        <translation>첫 응답 (중앙값)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unanswered</source>
        <translation>미응답</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolution (median)</source>
        <translation>해결 시간 (중앙값)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reopened</source>
        <translation>재오픈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First contact resolution</source>
        <translation>첫 상담 해결률</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SLA attained</source>
        <translation>SLA 달성</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handle time (median)</source>
        <translation>처리 시간 (중앙값)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSAT</source>
        <translation>CSAT</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NPS</source>
        <translation>NPS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backlog now</source>
        <translation>현재 미해결</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>p90 %1 · n=%2</source>
        <translation>p90 %1 · n=%2</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+4"/>
        <source>%1 answers</source>
        <translation>응답 %1건</translation>
    </message>
</context>
<context>
    <name>routing</name>
    <message>
        <location filename="../../agentdesk/views/routing.py" line="-277"/>
        <source>Manual: leads and agents assign</source>
        <translation>수동: 팀장과 상담사가 배정</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Round robin among available agents</source>
        <translation>상담 가능한 상담사에게 차례로</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Least loaded, within capacity</source>
        <translation>업무가 가장 적은 상담사에게 (한도 안에서)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By skill (channel, language, category), then least loaded</source>
        <translation>역량(채널·언어·분류) 기준, 그다음 업무량</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keyword</source>
        <translation>키워드</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>VIP tier</source>
        <translation>VIP 등급</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unanswered (minutes)</source>
        <translation>미응답 (분)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keyword in the subject or first message (Korean matches with or without spaces)</source>
        <translation>제목이나 첫 메시지의 키워드 (한글은 띄어쓰기와 관계없이 찾습니다)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer&apos;s VIP tier: standard, silver, gold, vip</source>
        <translation>고객 VIP 등급: standard, silver, gold, vip</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel: email, chat, phone, sms, social, web</source>
        <translation>채널: email, chat, phone, sms, social, web</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unanswered for this many minutes: one step up</source>
        <translation>이 시간(분) 동안 응답이 없으면 한 단계 올림</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Channel</source>
        <translation>채널</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <location filename="../../agentdesk/ui/kit/settings.py" line="+34"/>
        <source>How a call is handed to the telephony system</source>
        <translation>전화를 전화 시스템에 넘기는 방식</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Call link ({number}: +8210…, {digits}: 8210…)</source>
        <translation>전화 링크({number}: +8210…, {digits}: 8210…)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call command, run without a shell</source>
        <translation>전화 명령(셸 없이 실행)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recording notice read at the start of a call</source>
        <translation>통화 시작 시 안내하는 녹음 고지 문구</translation>
    </message>
</context>
<context>
    <name>supervisor</name>
    <message>
        <location filename="../../agentdesk/views/supervisor.py" line="-645"/>
        <location line="+144"/>
        <source>Waiting</source>
        <translation>응대 대기</translation>
    </message>
    <message>
        <location line="-143"/>
        <location line="+144"/>
        <source>Unassigned</source>
        <translation>미배정</translation>
    </message>
    <message>
        <location line="-143"/>
        <source>Oldest waiting</source>
        <translation>최장 대기</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+143"/>
        <source>At risk</source>
        <translation>SLA 위험</translation>
    </message>
    <message>
        <location line="-142"/>
        <location line="+143"/>
        <source>Breached</source>
        <translation>SLA 위반</translation>
    </message>
    <message>
        <location line="-142"/>
        <location line="+214"/>
        <source>Handled today</source>
        <translation>오늘 처리</translation>
    </message>
    <message>
        <location line="-213"/>
        <source>Abandoned today</source>
        <translation>오늘 포기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service level</source>
        <translation>서비스 수준</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avg. speed of answer</source>
        <translation>평균 응답 속도</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incidents today</source>
        <translation>오늘의 보호 조치</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+138"/>
        <source>Pending</source>
        <translation>고객 대기</translation>
    </message>
    <message>
        <location line="-137"/>
        <location line="+137"/>
        <source>On hold</source>
        <translation>보류</translation>
    </message>
    <message>
        <location line="-136"/>
        <source>Unsolved</source>
        <translation>미해결</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tickets now new or open (not deleted, not merged), assigned or not.</source>
        <translation>지금 신규 또는 진행 중인 티켓(삭제·병합 제외), 배정 여부와 관계없이.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting tickets that nobody is assigned to.</source>
        <translation>담당자가 없는 대기 티켓.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The longest wait among waiting tickets that have had no first response: now minus the ticket&apos;s creation.</source>
        <translation>아직 첫 응답이 없는 대기 티켓 중 가장 오래 기다린 시간: 지금 시각에서 티켓 생성 시각을 뺀 값.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting, pending or on-hold tickets whose next SLA deadline falls within the next hour.</source>
        <translation>다음 SLA 기한이 1시간 안에 닥치는 대기·보류·고객 대기 티켓.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unsolved tickets whose next SLA deadline has already passed.</source>
        <translation>다음 SLA 기한이 이미 지난 미해결 티켓.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tickets waiting on the customer (status pending).</source>
        <translation>고객 응답을 기다리는 티켓(상태: 대기).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tickets parked on hold (status on hold).</source>
        <translation>보류한 티켓(상태: 보류).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tickets solved since midnight today (workspace time zone), not merged into another.</source>
        <translation>오늘 자정(작업 공간 시간대) 이후 해결된 티켓, 다른 티켓에 병합된 것은 제외.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chat and phone tickets created today that were solved or closed without any agent response.</source>
        <translation>오늘 생성된 채팅·전화 티켓 중 상담사 응답 없이 해결 또는 종료된 티켓.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Among tickets created today whose first-response deadline is decided (answered, or the deadline passed), the share answered by the deadline.</source>
        <translation>오늘 생성된 티켓 중 첫 응답 기한의 결과가 정해진 티켓(응답했거나 기한이 지남)에서 기한 안에 응답한 비율.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Average speed of answer: the mean of first response minus creation over tickets created today that have a first response.</source>
        <translation>평균 응답 속도: 오늘 생성되어 첫 응답이 있는 티켓의 (첫 응답 시각 − 생성 시각) 평균.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Agent-protection incidents recorded today: abuse warnings sent, abusive contacts ended, protective breaks.</source>
        <translation>오늘 기록된 상담사 보호 조치: 폭언 경고, 상담 종료, 보호 휴식.</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>Team</source>
        <translation>팀</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Oldest</source>
        <translation>최장 대기</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next deadline</source>
        <translation>다음 기한</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Agent</source>
        <translation>상담사</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In state</source>
        <translation>상태 유지</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open / capacity</source>
        <translation>미해결 / 한도</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avg. handle time</source>
        <translation>평균 처리 시간</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On ticket</source>
        <translation>처리 중 티켓</translation>
    </message>
</context>
<context>
    <name>training</name>
    <message>
        <location filename="../../agentdesk/views/simulation.py" line="-326"/>
        <source>patient</source>
        <translation>차분함</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>calm</source>
        <translation>안정됨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>annoyed</source>
        <translation>짜증</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>angry</source>
        <translation>화남</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Account details before the identity check</source>
        <translation>본인 확인 전 계좌·카드 정보 안내</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asked for the card password</source>
        <translation>카드 비밀번호 요구</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asked for the CVC</source>
        <translation>CVC 요구</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asked for the back digits of the resident registration number</source>
        <translation>주민등록번호 뒷자리 요구</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A promise policy forbids</source>
        <translation>정책상 금지된 약속</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A forbidden phrase</source>
        <translation>금지 표현</translation>
    </message>
</context>
<context>
    <name>vocab</name>
    <message>
        <location filename="../../agentdesk/ui/kit/fmt.py" line="+14"/>
        <source>Email</source>
        <translation>이메일</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Chat</source>
        <translation>채팅</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>전화</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SMS</source>
        <translation>문자</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Social</source>
        <translation>소셜</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Web</source>
        <translation>웹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New</source>
        <translation>신규</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending</source>
        <translation>대기</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>On hold</source>
        <translation>보류</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Solved</source>
        <translation>해결</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Closed</source>
        <translation>종료</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Urgent</source>
        <translation>긴급</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>High</source>
        <translation>높음</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Normal</source>
        <translation>보통</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Low</source>
        <translation>낮음</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>My open</source>
        <translation>내 미해결</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unassigned</source>
        <translation>미배정</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SLA at risk</source>
        <translation>SLA 위험</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All</source>
        <translation>전체</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mentions</source>
        <translation>멘션</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paid</source>
        <translation>결제 완료</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shipped</source>
        <translation>배송 중</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivered</source>
        <translation>배송 완료</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancelled</source>
        <translation>취소</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned</source>
        <translation>반품</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Exchanged</source>
        <translation>교환</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunded</source>
        <translation>환불</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Credit card</source>
        <translation>신용카드</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Check card</source>
        <translation>체크카드</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loan</source>
        <translation>대출</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Deposit</source>
        <translation>예금</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subscription</source>
        <translation>구독</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Available</source>
        <translation>상담 가능</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After-contact work</source>
        <translation>후처리</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Break</source>
        <translation>휴식</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Training</source>
        <translation>교육</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline</source>
        <translation>오프라인</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>On a contact</source>
        <translation>상담 중</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First warning</source>
        <translation>1차 경고</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Second warning</source>
        <translation>2차 경고</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact ended</source>
        <translation>상담 종료</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Standard</source>
        <translation>일반</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Silver</source>
        <translation>실버</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gold</source>
        <translation>골드</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reply</source>
        <translation>답변</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Internal note</source>
        <translation>내부 메모</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Call log</source>
        <translation>통화 기록</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>System</source>
        <translation>시스템</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSAT</source>
        <translation>CSAT</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>NPS</source>
        <translation>NPS</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mobile</source>
        <translation>휴대전화</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Work</source>
        <translation>직장</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home</source>
        <translation>자택</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Personal</source>
        <translation>개인</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KakaoTalk</source>
        <translation>카카오톡</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Instagram</source>
        <translation>인스타그램</translation>
    </message>
    <message>
        <location line="+78"/>
        <location filename="../../agentdesk/views/supervisor.py" line="-160"/>
        <source>%1d %2h</source>
        <translation>%1일 %2시간</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1h %2m</source>
        <translation>%1시간 %2분</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
</context>
</TS>
