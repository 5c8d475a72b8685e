"""Korean for issue 12's smaller items: unknown shortcuts, one draft in two windows,
internal knowledge articles."""

KO = {
    # Tab after a word written like a shortcut that no template has
    "No template matches %1": "%1에 해당하는 템플릿이 없습니다",
    # the same ticket in the main window and a pop-out
    "Draft updated in another window": "다른 창에서 초안이 수정되었습니다",
    # knowledge: public or internal
    "Internal": "내부용",
    "Public": "공개",
    "Internal (agents only)": "내부용(상담사 전용)",
    "Visibility": "공개 범위",
    "Who this article is for: an internal one is not quoted to customers without a question":
        "문서의 공개 범위: 내부용 문서는 확인 없이 고객 답장에 인용되지 않습니다",
    "Internal article": "내부용 문서",
    "“%1” is marked internal: it is written for agents, not customers. Put it into the public reply anyway?":
        "“%1” 문서는 내부용입니다. 고객이 아닌 상담사를 위한 문서입니다. 그래도 공개 답장에 넣을까요?",
    "Insert anyway": "그래도 넣기",
}
