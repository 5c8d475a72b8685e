"""Korean for the "Connect to team workspace" dialog (ui/connect.py).

Words: the team server 팀 서버 · its address 서버 주소 · sign in 로그인 · the kept sign-in
(a token, never the password) 로그인 정보 · login (the ID) 로그인 ID · passphrase 암호 문구.
"""

KO = {
    # the form
    "Connect to team workspace": "팀 워크스페이스에 연결",
    "Enter what your team lead or IT gave you: the team server's address and your login.":
        "팀장이나 IT 담당자에게 받은 팀 서버 주소와 로그인 ID를 입력하세요.",
    "Server": "서버 주소",
    "e.g. team.example.com": "예: team.example.com",
    "The team server's name, or the whole address you were given (https://team.example.com:8443): it fills in "
    "the port too.":
        "팀 서버 이름을 입력하거나 받은 주소 전체(https://team.example.com:8443)를 붙여 넣으세요. 포트도 함께 "
        "채워집니다.",
    "Port": "포트",
    "Login": "로그인 ID",
    "e.g. kim.minji": "예: kim.minji",
    "Password": "비밀번호",
    "Save as": "저장 이름",
    "The name this connection is saved under on this computer": "이 컴퓨터에 이 연결을 저장할 이름",
    # advanced: the team's own CA, plain http
    "Advanced: certificate and http": "고급: 인증서 및 http",
    "CA file": "CA 인증서",
    "Certificate file from IT (.pem, .crt)": "IT 담당자가 준 인증서 파일 (.pem, .crt)",
    "Browse…": "찾아보기…",
    "Only if your team's server has a certificate from the team's own certificate authority. Left empty, the "
    "certificates this computer trusts are used.":
        "팀 서버가 팀 자체 인증 기관(CA)의 인증서를 쓰는 경우에만 지정하세요. 비워 두면 이 컴퓨터가 신뢰하는 "
        "인증서로 확인합니다.",
    "Use plain http (only for a server on this computer)": "암호화 없는 http 사용 (이 컴퓨터의 서버 전용)",
    "CA certificate": "CA 인증서",
    "Certificates (*.pem *.crt *.cer);;All files (*)": "인증서 (*.pem *.crt *.cer);;모든 파일 (*)",
    # where the sign-in is kept
    "Remember the sign-in": "로그인 정보 저장 위치",
    "Keep it in the OS keyring (recommended)": "운영체제 키링에 보관 (권장)",
    "Ask for my password each time I connect": "연결할 때마다 비밀번호 입력",
    "This computer has no secure store (OS keyring), so AgentDesk cannot keep your sign-in there.":
        "이 컴퓨터에는 안전한 저장소(운영체제 키링)가 없어 AgentDesk가 로그인 정보를 그곳에 보관할 수 없습니다.",
    "Keep it in a file locked with a passphrase": "암호 문구로 잠근 파일에 보관",
    "Passphrase": "암호 문구",
    "Again": "다시 입력",
    "At least %1 characters. AgentDesk asks for it when it starts, instead of your password.":
        "%1자 이상. AgentDesk를 시작할 때 비밀번호 대신 입력합니다.",
    "AgentDesk keeps a sign-in token, never your password.": "로그인 토큰만 보관하며, 비밀번호는 저장하지 않습니다.",
    "This connection was saved for the team database, which AgentDesk no longer connects to. Enter the team "
    "server's address (ask your team lead or IT); your local data is kept.":
        "이 연결은 팀 데이터베이스에 직접 연결하던 방식으로 저장되어 더 이상 쓸 수 없습니다. 팀 서버 주소를 "
        "입력하세요(팀장이나 IT 담당자에게 문의). 로컬 데이터는 그대로 유지됩니다.",
    # buttons and progress
    "Connect": "연결",
    "Test connection": "연결 테스트",
    "Signing in to the team server…": "팀 서버에 로그인하는 중…",
    "Saving…": "저장하는 중…",
    "Signed in as %1 (%2)": "%1(%2) 님으로 로그인했습니다",
    "agent": "상담사",
    "team lead": "팀장",
    "trainer": "교육 담당",
    "administrator": "관리자",
    "Replace connection?": "연결을 바꿀까요?",
    "A connection named “%1” is already saved on this computer. Replace it?":
        "“%1” 이름의 연결이 이 컴퓨터에 이미 저장되어 있습니다. 새 정보로 바꿀까요?",
    "Replace": "바꾸기",
    # what is missing
    "Enter the server address.": "서버 주소를 입력하세요.",
    "Enter your login.": "로그인 ID를 입력하세요.",
    "Enter your password.": "비밀번호를 입력하세요.",
    "The passphrase needs at least %1 characters.": "암호 문구는 %1자 이상이어야 합니다.",
    "The two passphrases differ.": "두 암호 문구가 서로 다릅니다.",
    "A login uses lower-case letters, digits, '.', '_' or '-' and starts with a letter.":
        "로그인 ID는 영문 소문자, 숫자, '.', '_', '-'로 이루어지며 영문자로 시작합니다.",
    "The name may use letters, digits, '.', '_' and '-' (at most 64).":
        "저장 이름에는 영문자, 숫자, '.', '_', '-'만 쓸 수 있습니다(최대 64자).",
    "“%1” is not a server address. Enter a name such as team.example.com, or paste the address you were given.":
        "“%1”은(는) 서버 주소가 아닙니다. team.example.com 같은 이름을 입력하거나 받은 주소를 붙여 넣으세요.",
    "That is a database address: desks now connect to the team server (https://HOST:%1). Ask your team lead or IT "
    "for its address.":
        "데이터베이스 주소입니다. 이제는 팀 서버(https://HOST:%1)에 연결합니다. 팀장이나 IT 담당자에게 팀 서버 "
        "주소를 문의하세요.",
    "Plain http is only for a team server on this computer (127.0.0.1): untick it under Advanced.":
        "암호화 없는 http는 이 컴퓨터(127.0.0.1)의 팀 서버에만 쓸 수 있습니다. 고급에서 선택을 해제하세요.",
    "Leave your login and password out of the server address.": "서버 주소에는 로그인 ID와 비밀번호를 넣지 마세요.",
    "Check the server address: a name such as team.example.com, or https://team.example.com:8443.":
        "서버 주소를 확인하세요. 예: team.example.com 또는 https://team.example.com:8443",
    # what went wrong
    "The team server at %1 did not answer within %2 seconds. Check the server address, the port and your network "
    "(VPN).":
        "%1 팀 서버가 %2초 안에 응답하지 않았습니다. 서버 주소, 포트, 네트워크(VPN)를 확인하세요.",
    "Unknown server name “%1”. Check the server address.": "알 수 없는 서버 이름입니다: “%1”. 서버 주소를 확인하세요.",
    "Nothing answers at %1. Check the server address and the port, or whether the server is running.":
        "%1에서 응답이 없습니다. 서버 주소와 포트를 확인하거나 서버가 실행 중인지 확인하세요.",
    "The team server at %1 could not answer (%2). Try again in a moment; if it goes on, tell your administrator.":
        "%1 팀 서버가 응답하지 못했습니다(%2). 잠시 후 다시 시도하고, 계속되면 관리자에게 알려 주세요.",
    "The connection to %1 failed: %2": "%1에 연결하지 못했습니다: %2",
    "No encrypted (https) connection could be made to %1. A team server on this computer may use plain http: tick "
    "it under Advanced.":
        "%1에 암호화(https) 연결을 할 수 없습니다. 이 컴퓨터의 팀 서버는 http를 쓸 수 있으니 고급에서 http 사용을 "
        "선택하세요.",
    "No encrypted (https) connection could be made to %1. Check the port, or ask your administrator whether the "
    "server uses https.":
        "%1에 암호화(https) 연결을 할 수 없습니다. 포트를 확인하거나 서버가 https를 쓰는지 관리자에게 문의하세요.",
    "The CA file was not found: %1": "CA 인증서 파일을 찾을 수 없습니다: %1",
    "The server's certificate is not for “%1”. Check the server address.":
        "서버 인증서가 “%1”에 발급된 것이 아닙니다. 서버 주소를 확인하세요.",
    "The server's certificate has expired. Tell your administrator.": "서버 인증서가 만료되었습니다. 관리자에게 알려 주세요.",
    "The server's certificate could not be verified with the CA file %1. Check that it is your team's CA file.":
        "CA 인증서 파일 %1(으)로 서버 인증서를 확인하지 못했습니다. 팀의 CA 인증서 파일이 맞는지 확인하세요.",
    "The server's certificate could not be verified. If your team uses its own certificate authority, choose its CA "
    "file under Advanced.":
        "서버 인증서를 확인하지 못했습니다. 팀 자체 인증 기관(CA)을 쓴다면 고급에서 CA 인증서 파일을 선택하세요.",
    "Wrong login or password for “%1”.": "“%1”의 로그인 ID 또는 비밀번호가 올바르지 않습니다.",
    "Too many failed sign-ins for now: wait a minute, then try again.":
        "로그인 실패가 너무 많습니다. 1분 뒤에 다시 시도하세요.",
    "The team server is busy. Try again in a moment.": "팀 서버가 혼잡합니다. 잠시 후 다시 시도하세요.",
    "The server at %1 refused the request (%2). Check that this is your team's AgentDesk server.":
        "%1 서버가 요청을 거부했습니다(%2). 팀의 AgentDesk 서버 주소가 맞는지 확인하세요.",
    "Cannot use the team server at %1: %2": "%1 팀 서버를 사용할 수 없습니다: %2",
    "The team server has no AgentDesk schema; an admin must run 'agentdesk admin init-server' first":
        "팀 서버에 AgentDesk 스키마가 없습니다. 관리자가 먼저 'agentdesk admin init-server'를 실행해야 합니다.",
    "The team server runs a newer AgentDesk (schema %1, this app %2): update AgentDesk. Until then you work offline "
    "on your local data and nothing is sent.":
        "팀 서버가 더 새로운 AgentDesk를 사용합니다(스키마 %1, 이 앱 %2). AgentDesk를 업데이트하세요. "
        "그때까지는 로컬 데이터로 오프라인 작업하며 아무것도 전송되지 않습니다.",
    "The team server's schema (%1) is older than this app's (%2): an admin must run 'agentdesk admin init-server' "
    "and restart 'agentdesk server'. Until then nothing is sent.":
        "팀 서버의 스키마(%1)가 이 앱(%2)보다 오래되었습니다. 관리자가 'agentdesk admin init-server'를 실행하고 "
        "'agentdesk server'를 다시 시작해야 합니다. 그때까지는 아무것도 전송되지 않습니다.",
    "A connection named “%1” is already saved on this computer.": "“%1” 이름의 연결이 이 컴퓨터에 이미 저장되어 있습니다.",
    "This computer has no OS keyring; choose another way to keep the sign-in.":
        "이 컴퓨터에는 운영체제 키링이 없습니다. 로그인 정보를 보관할 다른 방법을 선택하세요.",
    "The OS keyring did not keep the sign-in. Try again, or choose another way to keep it.":
        "운영체제 키링에 로그인 정보를 보관하지 못했습니다. 다시 시도하거나 다른 보관 방법을 선택하세요.",
    "Something went wrong; the log has the details: %1": "문제가 발생했습니다. 자세한 내용은 로그에 있습니다: %1",
}

# Generic words kept to this dialog, as ko_calendar.py does for its "Cancel".
OVERRIDES = {
    ("ConnectDialog", "Cancel"): "취소",
}
