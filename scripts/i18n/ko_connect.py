"""Korean for the "Connect to team workspace" dialog (ui/connect.py)."""

KO = {
    # the form
    "Connect to team workspace": "팀 워크스페이스에 연결",
    "Enter what your team lead or IT gave you: the server, the database and your login.":
        "팀장이나 IT 담당자에게 받은 서버, 데이터베이스, 로그인 ID를 입력하세요.",
    "Server": "서버",
    "e.g. db.example.com": "예: db.example.com",
    "Port": "포트",
    "Database": "데이터베이스",
    "e.g. agentdesk": "예: agentdesk",
    "Login": "로그인 ID",
    "e.g. kim.minji": "예: kim.minji",
    "Password": "비밀번호",
    "Save as": "저장 이름",
    "The name this connection is saved under on this computer": "이 컴퓨터에 이 연결을 저장할 이름",
    # advanced: encryption
    "Advanced: encryption (TLS)": "고급: 암호화(TLS)",
    "Encryption": "암호화",
    "When the server offers it (prefer)": "서버가 지원하면 사용 (prefer)",
    "Always, without checking the certificate (require)": "항상 사용, 인증서 확인 안 함 (require)",
    "Always, checking the certificate (verify-ca)": "항상 사용, 인증서 확인 (verify-ca)",
    "Always, checking the certificate and the server name (verify-full)":
        "항상 사용, 인증서와 서버 이름 확인 (verify-full)",
    "Only when the server insists (allow)": "서버가 요구할 때만 사용 (allow)",
    "Never (disable)": "사용 안 함 (disable)",
    "CA file": "CA 인증서",
    "Certificate file from IT (.pem, .crt)": "IT 담당자가 준 인증서 파일 (.pem, .crt)",
    "Browse…": "찾아보기…",
    "Needed for verify-ca and verify-full.": "verify-ca와 verify-full에 필요합니다.",
    "CA certificate": "CA 인증서",
    "Certificates (*.pem *.crt *.cer);;All files (*)": "인증서 (*.pem *.crt *.cer);;모든 파일 (*)",
    # where the password is kept
    "Remember the password": "비밀번호 보관",
    "Keep it in the OS keyring (recommended)": "운영체제 키링에 보관 (권장)",
    "Ask for it each time I connect": "연결할 때마다 입력",
    "This computer has no secure password store (OS keyring), so AgentDesk cannot keep your password there.":
        "이 컴퓨터에는 안전한 비밀번호 저장소(운영체제 키링)가 없어 AgentDesk가 비밀번호를 그곳에 보관할 수 없습니다.",
    "Keep it in a file locked with a passphrase": "암호 문구로 잠근 파일에 보관",
    "Passphrase": "암호 문구",
    "Again": "다시 입력",
    "At least %1 characters. You type it instead of the password when you connect.":
        "%1자 이상. 연결할 때 비밀번호 대신 이 암호 문구를 입력합니다.",
    # buttons and progress
    "Connect": "연결",
    "Test connection": "연결 테스트",
    "Testing the connection…": "연결을 확인하는 중…",
    "Saving…": "저장하는 중…",
    "Connected as %1 (%2)": "연결되었습니다: %1 (%2)",
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
    "Enter the database name.": "데이터베이스 이름을 입력하세요.",
    "Enter your login.": "로그인 ID를 입력하세요.",
    "Enter your password.": "비밀번호를 입력하세요.",
    "The passphrase needs at least %1 characters.": "암호 문구는 %1자 이상이어야 합니다.",
    "The two passphrases differ.": "두 암호 문구가 서로 다릅니다.",
    "A login uses lower-case letters, digits, '.', '_' or '-' and starts with a letter.":
        "로그인 ID는 영문 소문자, 숫자, '.', '_', '-'로 이루어지며 영문자로 시작합니다.",
    "Check the server address and the database name.": "서버 주소와 데이터베이스 이름을 확인하세요.",
    "The name may use letters, digits, '.', '_' and '-' (at most 64).":
        "저장 이름에는 영문자, 숫자, '.', '_', '-'만 쓸 수 있습니다(최대 64자).",
    # what went wrong
    "The server at %1 did not answer within %2 seconds. Check the server address, the port and your network (VPN).":
        "%1 서버가 %2초 안에 응답하지 않았습니다. 서버 주소, 포트, 네트워크(VPN)를 확인하세요.",
    "Unknown server name “%1”. Check the server address.": "알 수 없는 서버 이름입니다: “%1”. 서버 주소를 확인하세요.",
    "Nothing answers at %1. Check the server address and the port, or whether the server is running.":
        "%1에서 응답이 없습니다. 서버 주소와 포트를 확인하거나 서버가 실행 중인지 확인하세요.",
    "The server does not offer an encrypted (TLS) connection, but the encryption setting “%1” requires one.":
        "서버가 암호화(TLS) 연결을 지원하지 않는데, 암호화 설정 “%1”은(는) 암호화 연결을 요구합니다.",
    "The CA file was not found: %1": "CA 인증서 파일을 찾을 수 없습니다: %1",
    "The server's certificate is not for “%1”.": "서버 인증서가 “%1”에 발급된 것이 아닙니다.",
    "The server's certificate could not be verified with the CA file.": "CA 인증서로 서버 인증서를 확인하지 못했습니다.",
    "The encrypted (TLS) connection failed: %1": "암호화(TLS) 연결에 실패했습니다: %1",
    "The server does not accept this login from this computer. Ask your administrator.":
        "서버가 이 컴퓨터에서 이 로그인 ID로 접속하는 것을 허용하지 않습니다. 관리자에게 문의하세요.",
    "Wrong login or password for “%1”.": "“%1”의 로그인 ID 또는 비밀번호가 올바르지 않습니다.",
    "The login “%1” may not sign in. Ask your administrator.":
        "“%1” 로그인 ID는 접속이 허용되지 않습니다. 관리자에게 문의하세요.",
    "There is no database “%1” on this server. Check the database name.":
        "이 서버에 “%1” 데이터베이스가 없습니다. 데이터베이스 이름을 확인하세요.",
    "The login “%1” has no access to this workspace. Ask your administrator to add you.":
        "“%1” 로그인 ID는 이 워크스페이스에 접근할 수 없습니다. 관리자에게 등록을 요청하세요.",
    "The login “%1” is not an agent of this workspace. Ask your administrator to add you.":
        "“%1” 로그인 ID는 이 워크스페이스의 상담사로 등록되어 있지 않습니다. 관리자에게 등록을 요청하세요.",
    "Cannot connect: %1": "연결할 수 없습니다: %1",
    "The server answered with an error: %1": "서버가 오류를 반환했습니다: %1",
    "The team server has no AgentDesk schema; an admin must run 'agentdesk admin init-server' first":
        "팀 서버에 AgentDesk 스키마가 없습니다. 관리자가 먼저 'agentdesk admin init-server'를 실행해야 합니다.",
    "The team server runs a newer AgentDesk (schema %1, this app %2): update AgentDesk. Until then you work offline "
    "on your local data and nothing is sent.":
        "팀 서버가 더 새로운 AgentDesk를 사용합니다(스키마 %1, 이 앱 %2). AgentDesk를 업데이트하세요. "
        "그때까지는 로컬 데이터로 오프라인 작업하며 아무것도 전송되지 않습니다.",
    "The team server's schema (%1) is older than this app's (%2): an admin must run 'agentdesk admin init-server' "
    "to upgrade it. Until then nothing is sent.":
        "팀 서버의 스키마(%1)가 이 앱(%2)보다 오래되었습니다. 관리자가 'agentdesk admin init-server'를 실행해 "
        "업그레이드해야 합니다. 그때까지는 아무것도 전송되지 않습니다.",
    "This computer has no OS keyring; choose another way to keep the password.":
        "이 컴퓨터에는 운영체제 키링이 없습니다. 비밀번호를 보관할 다른 방법을 선택하세요.",
    "The OS keyring did not keep the password. Try again, or choose another way to keep it.":
        "운영체제 키링에 비밀번호를 보관하지 못했습니다. 다시 시도하거나 다른 보관 방법을 선택하세요.",
    "Something went wrong; the log has the details: %1": "문제가 발생했습니다. 자세한 내용은 로그에 있습니다: %1",
}

# Generic words kept to this dialog, as ko_calendar.py does for its "Cancel".
OVERRIDES = {
    ("ConnectDialog", "Cancel"): "취소",
}
