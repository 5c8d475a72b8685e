"""Korean for the screen-pop and window-fit strings (issue 12, defects 2 and 3)."""

KO = {
    "No customer with this number": "이 번호로 등록된 고객이 없습니다",
    "No customer with this address": "이 주소로 등록된 고객이 없습니다",
    "New customer": "새 고객",
    "New ticket for this number": "이 번호로 새 티켓",
    "New ticket for this address": "이 주소로 새 티켓",
    "Creating tickets from the desk is not available yet": "아직 이 화면에서 티켓을 만들 수 없습니다",
    "Adding customers from the desk is not available yet; %1 is in the search box.":
        "아직 이 화면에서 고객을 추가할 수 없습니다. 검색창에 %1을(를) 넣어 두었습니다.",
}
