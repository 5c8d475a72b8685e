"""Korean for the team workspace: sync status (ui/sync.py), start-up (ui/app.py), main window commands."""

KO = {
    # status bar
    "Online": "온라인",
    "Offline": "오프라인",
    "Live": "실시간",
    "Sync error": "동기화 오류",
    "Not syncing (version)": "동기화 중지(버전)",
    "Not synced yet": "아직 동기화 안 됨",
    "Connecting…": "연결 중…",
    "%n queued": "전송 대기 %n건",
    "synced %1": "%1 동기화",
    "Team workspace: %1 as %2": "팀 워크스페이스: %1 (%2)",
    "%n sent, awaiting confirmation": "전송됨, 확인 대기 %n건",
    "Conflicts: %1, refused: %2 (agentdesk sync conflicts)": "충돌 %1건, 거부 %2건 (agentdesk sync conflicts)",
    "Team: %1": "팀: %1",
    "Signed out: double-click to sign in": "로그아웃됨: 두 번 클릭하여 로그인",
    # start-up
    # (what the profile keeps is a sign-in token, never the password: 로그인 정보)
    "Passphrase for the saved sign-in of %1:": "%1에 저장된 로그인 정보의 암호 문구:",
    "The saved sign-in stays locked without its passphrase.": "암호 문구 없이는 저장된 로그인 정보를 열 수 없습니다.",
    "Password for %1 on %2:": "%2 서버의 %1 비밀번호:",
    "Connecting to the team server (first sync)…": "팀 서버에 연결하는 중(첫 동기화)…",
    "Cannot reach the team server": "팀 서버에 연결할 수 없습니다",
    "The first sync of this profile needs the server:\n%1": "이 프로필의 첫 동기화에는 서버 연결이 필요합니다:\n%1",
    "The first sync of this profile needs its password.": "이 프로필의 첫 동기화에는 비밀번호가 필요합니다.",
    # main window
    "Sync now": "지금 동기화",
    "Connect to team workspace…": "팀 워크스페이스에 연결…",
    "Sync": "동기화",
    "Your change was not applied as made": "변경 내용이 그대로 반영되지 않았습니다",
    "This is a local workspace; connect to a team workspace to sync.":
        "로컬 워크스페이스입니다. 동기화하려면 팀 워크스페이스에 연결하세요.",
    "Team workspace": "팀 워크스페이스",
    "Profile “%1” is saved. Open it now? This window closes; your local workspace stays as it is.":
        "프로필 “%1”을(를) 저장했습니다. 지금 열까요? 이 창은 닫히고 로컬 워크스페이스는 그대로 남습니다.",
    "AgentDesk could not be started for that profile.": "그 프로필로 AgentDesk를 시작하지 못했습니다.",
}
