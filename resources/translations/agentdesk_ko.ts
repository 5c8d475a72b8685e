<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en">
<context>
    <name>CommandPalette</name>
    <message>
        <location filename="../../agentdesk/ui/palette.py" line="+58"/>
        <source>Type a command, a view, a ticket number or a customer…</source>
        <translation>명령, 보기, 티켓 번호 또는 고객을 입력하세요…</translation>
    </message>
</context>
<context>
    <name>Customer360Pane</name>
    <message>
        <location filename="../../agentdesk/views/customer360.py" line="+335"/>
        <location line="+239"/>
        <source>Select or search for a customer</source>
        <translation>고객을 선택하거나 검색하세요</translation>
    </message>
    <message>
        <location line="-221"/>
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
        <location line="+38"/>
        <source>Loading customer…</source>
        <translation>고객 정보를 불러오는 중…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Contact points</source>
        <translation>연락처</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Products and limits</source>
        <translation>상품 및 한도</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Satisfaction (CSAT / NPS)</source>
        <translation>만족도 (CSAT / NPS)</translation>
    </message>
    <message>
        <location line="+41"/>
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
        <location line="+15"/>
        <source>Notes</source>
        <translation>고객 메모</translation>
    </message>
    <message>
        <location line="+8"/>
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
        <location line="+80"/>
        <source>This customer no longer exists</source>
        <translation>이 고객 정보는 더 이상 존재하지 않습니다</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The customer could not be loaded. Try again in a moment.</source>
        <translation>고객 정보를 불러오지 못했습니다. 잠시 후 다시 시도해 주세요.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Membership tier</source>
        <translation>회원 등급</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Customer since {date}</source>
        <translation>가입일 {date}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>No contact points</source>
        <translation>등록된 연락처가 없습니다</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Primary</source>
        <translation>기본</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No products</source>
        <translation>보유 상품이 없습니다</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Available</source>
        <translation>가용 한도</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Used</source>
        <translation>사용액</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Limit</source>
        <translation>한도</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{percent}% of the limit used</source>
        <translation>한도의 {percent}% 사용</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>(no subject)</source>
        <translation>(제목 없음)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Showing {shown} of {total}</source>
        <translation>전체 {total}건 중 {shown}건 표시</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No ratings yet</source>
        <translation>아직 평가가 없습니다</translation>
    </message>
    <message>
        <location line="+53"/>
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
        <location line="+66"/>
        <source>No customers found</source>
        <translation>검색된 고객이 없습니다</translation>
    </message>
</context>
<context>
    <name>InboxPane</name>
    <message>
        <location filename="../../agentdesk/views/inbox.py" line="+252"/>
        <source>Search subjects and messages  ( / )</source>
        <translation>제목·메시지 검색  ( / )</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All channels</source>
        <translation>전체 채널</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any status</source>
        <translation>전체 상태</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any priority</source>
        <translation>전체 우선순위</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Anyone</source>
        <translation>전체 담당자</translation>
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
        <location line="+124"/>
        <source>No tickets match this view and filters.</source>
        <translation>이 보기와 필터에 맞는 티켓이 없습니다.</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>티켓 %n건</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../agentdesk/ui/main_window.py" line="+58"/>
        <source>AgentDesk — %1</source>
        <translation>AgentDesk — %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Workspace: %1</source>
        <translation>워크스페이스: %1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>My open %1 · SLA at risk %2 · Unassigned %3</source>
        <translation>내 미해결 %1 · SLA 위험 %2 · 미배정 %3</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+43"/>
        <location line="+3"/>
        <source>Go</source>
        <translation>이동</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Ticket</source>
        <translation>티켓</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>View</source>
        <translation>보기</translation>
    </message>
    <message>
        <location line="+0"/>
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
        <location line="+115"/>
        <source>About AgentDesk</source>
        <translation>AgentDesk 정보</translation>
    </message>
    <message>
        <location line="-114"/>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open ticket #%1</source>
        <translation>티켓 #%1 열기</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Find customer “%1”</source>
        <translation>“%1” 고객 찾기</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>&lt;b&gt;AgentDesk %1&lt;/b&gt;&lt;br&gt;Workspace: %2&lt;br&gt;&lt;br&gt;Korean font: NanumGothic (SIL Open Font License 1.1).</source>
        <translation>&lt;b&gt;AgentDesk %1&lt;/b&gt;&lt;br&gt;워크스페이스: %2&lt;br&gt;&lt;br&gt;한글 글꼴: 나눔고딕 (SIL Open Font License 1.1)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>No customer with %1</source>
        <translation>%1에 해당하는 고객이 없습니다</translation>
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
    <name>TicketPane</name>
    <message>
        <location filename="../../agentdesk/views/ticket.py" line="+109"/>
        <source>Pop out</source>
        <translation>새 창으로</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open this ticket in its own window (Ctrl+Shift+O)</source>
        <translation>이 티켓을 새 창에서 엽니다 (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Merge…</source>
        <translation>병합…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge this duplicate into another ticket</source>
        <translation>중복된 이 티켓을 다른 티켓에 병합합니다</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Unassigned</source>
        <translation>미배정</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>tags, separated by spaces</source>
        <translation>태그 (공백으로 구분)</translation>
    </message>
    <message>
        <location line="+7"/>
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
        <location line="+10"/>
        <source>Public reply</source>
        <translation>공개 답변</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Internal note</source>
        <translation>내부 메모</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+244"/>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
    <message>
        <location line="-243"/>
        <source>Send (Ctrl+Enter)</source>
        <translation>보내기 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Write a reply… (r: reply, n: note, Ctrl+Enter: send)</source>
        <translation>답변을 입력하세요… (r: 답변, n: 메모, Ctrl+Enter: 보내기)</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Select a ticket in the inbox (j/k to move, Enter to open).</source>
        <translation>받은 문의함에서 티켓을 선택하세요 (j/k: 이동, Enter: 열기).</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Draft restored</source>
        <translation>임시 저장본 복원됨</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Unknown customer</source>
        <translation>알 수 없는 고객</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created %1</source>
        <translation>접수 %1</translation>
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
    <message>
        <location line="+8"/>
        <source>No messages yet.</source>
        <translation>아직 메시지가 없습니다.</translation>
    </message>
    <message>
        <location line="+33"/>
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
        <location line="+63"/>
        <source>Add note</source>
        <translation>메모 추가</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Editing…</source>
        <translation>작성 중…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Draft saved</source>
        <translation>임시 저장됨</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing to send</source>
        <translation>보낼 내용이 없습니다</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sent</source>
        <translation>전송됨</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Note added</source>
        <translation>메모 추가됨</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not sent: %1</source>
        <translation>전송 실패: %1</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Merge ticket</source>
        <translation>티켓 병합</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge #%1 into ticket number:</source>
        <translation>#%1 티켓을 병합할 대상 티켓 번호:</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Merge failed</source>
        <translation>병합 실패</translation>
    </message>
</context>
<context>
    <name>TicketTableModel</name>
    <message>
        <location filename="../../agentdesk/views/inbox.py" line="-333"/>
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
        <location line="+129"/>
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
    <name>app</name>
    <message>
        <location filename="../../agentdesk/ui/app.py" line="+221"/>
        <source>Opening the workspace…</source>
        <translation>워크스페이스를 여는 중…</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+5"/>
        <source>Cannot open the workspace</source>
        <translation>워크스페이스를 열 수 없습니다</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The database could not be opened:
%1

Log: %2</source>
        <translation>데이터베이스를 열 수 없습니다.
%1

로그: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No agent</source>
        <translation>상담사 정보 없음</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Creating a demo workspace (first run)…</source>
        <translation>데모 워크스페이스를 만드는 중입니다(최초 실행)…</translation>
    </message>
</context>
<context>
    <name>vocab</name>
    <message>
        <location filename="../../agentdesk/ui/fmt.py" line="+12"/>
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
        <location line="+2"/>
        <source>Available</source>
        <translation>상담 가능</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Busy</source>
        <translation>상담 중</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Away</source>
        <translation>자리 비움</translation>
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
        <location line="+48"/>
        <source>%1d %2h</source>
        <translation>%1일 %2시간</translation>
    </message>
</context>
</TS>
