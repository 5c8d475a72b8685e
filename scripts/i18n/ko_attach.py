"""Korean for issue 12's attachments (the composer's files, the timeline's files, their refusals)."""

KO = {
    # the composer
    "Attach…": "파일 첨부…",
    "Attach files": "파일 첨부",
    "Attach files (or drop them here, or paste a screenshot with Ctrl+V); at most %1 files, %2 each, %3 together":
        "파일을 첨부합니다(여기에 끌어다 놓거나 Ctrl+V로 화면 캡처를 붙여 넣어도 됩니다). 최대 %1개, 파일당 %2, 합계 %3",
    "Remove this file": "이 파일 빼기",
    "Write a few words to go with the files": "파일과 함께 보낼 내용을 입력하세요",
    # refusals, one line each
    # (a file the rules refuse is worded by its code: scripts/i18n/ko_events.py)
    "a program": "실행 파일",
    "%1 could not be read: %2": "%1 파일을 읽을 수 없습니다: %2",
    # the timeline
    "Save as…": "저장…",
    "Save attachment": "첨부 파일 저장",
    "Saved %1": "%1에 저장했습니다",
    "Not saved: %1": "저장하지 못했습니다: %1",
    "No program here opens this kind of file; use Save as…":
        "이 파일을 여는 프로그램이 없습니다. 다른 이름으로 저장하세요",
    "The file could not be fetched from the team server: %1": "팀 서버에서 파일을 가져오지 못했습니다: %1",
}
