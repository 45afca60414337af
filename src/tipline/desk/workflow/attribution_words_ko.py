"""The Korean words and patterns attributions are read by: heads (소식통, 주민, jobs, kin), reporting
verbs (따르면, 말했다, 전했다), words that say no more than an allowed place, public bodies on the record.
attribution.py reads prose with them; attribution_words.py holds the English and Russian ones.
"""

from __future__ import annotations

import re

from tipline.desk.workflow.rarity import RARE_ZIPF, korean_zipf

# Heads an attribution is built on: a source, a resident, a worker, a job, kin (the mother of a worker is
# one of a few hundred families), a workplace's staff.
KO_HEADS_LISTED = (
    "소식통|주민|노동자|근로자|로동자|사람|탈북민|상인|중개인|브로커|운전수|운전기사|기사|간부|관계자|무역업자|"
    "작업반장|군인|교원|의사|환전상|장사꾼|화교|조선족|대방|무역일꾼|농민|광부|선원|교사|대학생|군관|경비대원|"
    "직원|종업원|관리원|지배인|공장장|통역원|요리사|경비원|감독|주임|선장|어부|여성|남성|"
    "어머니|아버지|부모|가족|친척|남편|아내|이웃"
)
# Any trader or worker named by a trade (목재상, 무역상, 밀수꾼, 운송업자) too: read as a head only when the
# trade is a known word (see _korean_head_word).
KO_HEADS = KO_HEADS_LISTED + "|[가-힣]{2,3}(?:상|꾼|업자)"
KO_TRADE_JOB = re.compile(r"(?P<trade>[가-힣]{2,3})(?:상|꾼|업자)")
KO_GENERIC_HEADS = frozenset(
    {"소식통", "주민", "노동자", "근로자", "로동자", "사람", "탈북민", "관계자", "여성", "남성"}
)
# Known words before 상 that make no trader: 건강상 (for health), 교육상, 업무상, 법률상 (in law).
KO_NOT_TRADES = frozenset(
    ["건강", "교육", "업무", "법률", "법", "사실", "형식", "외관", "편의", "구조", "절차", "관계"]
)
# A head, not plural (노동자들이 is the subject of a story, not a source), followed by a particle or 및.
KO_HEAD = re.compile(rf"({KO_HEADS})(?=(?:은|는|이|가|도|과|와|의 말|에 따르면|에 의하면|에게서| 및|\s*,))")
KO_REPORTING = re.compile(
    r"따르면|의하면|말했|전했|밝혔|덧붙였|설명했|주장했|증언했|전해왔|알려왔|말한다|전한다|말이다|라고 했|고 했다|"
    r"귀띔했|토로했|지적했|강조했|꼬집었|언급했|털어놨|털어놓았|하소연했|전언"
)
KO_ALLOWED_WORDS = frozenset(
    [
        "한",
        "익명의",
        "익명을",
        "요구한",
        "현지",
        "내부",
        "복수의",
        # How many sources, with or without 의 (복수 소식통, 다수의 소식통): a count says nothing of who.
        "복수",
        "다수",
        "다수의",
        "몇몇",
        "여러",
        "측",
        "다른",
        "또",
        "또다른",
        "대북",
        "북한",
        "지역",
        "지역의",
        "일대",
        "일대의",
        "거주하는",
        "있는",
        "사는",
        "일하는",
        "체류하는",
        "파견된",
        "나와",
        # Where a source is (활동하는, 머무는, 나가 있는) and that it knows the matter (사정에 정통한/밝은).
        "나가",
        "활동하는",
        "머무는",
        "머물고",
        "근무하는",
        "사정에",
        "사정을",
        "정통한",
        "밝은",
        "잘",
        "아는",
        "있는",
        "한국",
        "데일리NK",
        "데일리NK의",
        "본사",
        "본지",
        "자사",
        "두",
        "세",
        "여러",
        "일부",
        # Back-references to a source already introduced ("이 소식통은 … 말했다"): they add nothing.
        "이",
        "그",
        "해당",
        "같은",
    ]
)
# Public bodies speaking on the record (통일부 관계자, 정부 당국자): not a confidential source — unless
# North Korean (북한 당국 관계자 is a source inside the regime).
KO_PUBLIC_HEADS = frozenset({"관계자"})
KO_PUBLIC = frozenset(
    ["정부", "통일부", "외교부", "국방부", "법무부", "국정원", "국가정보원", "정보당국", "당국", "군", "군당국", "합참",
     "합동참모본부", "대통령실", "청와대", "유엔", "국무부", "백악관", "미국", "일본", "외무부", "외무성", "대사관",
     "경찰", "검찰", "고위", "우리", "한국", "남한", "주한", "한미"]
)  # fmt: skip
KO_NORTH = frozenset({"북한", "북", "조선"})
# A speaker already introduced as the topic of the sentence (이 소식통은 …): a job named after it is what
# the speaker says (… 중국 측 중개인이 끼어 있다고 설명했다), not who the speaker is.
KO_SPEAKER_TOPIC = re.compile(rf"(?:{KO_HEADS})(?:들)?(?:은|는)\s")
KO_PARENTHESIS = re.compile(
    rf"(?:{KO_HEADS})\((?P<inside>[^()\n]+)(?P<close>\))(?=은|는|이|가|도|에 따르면|에 의하면|의 말)"
)
# When the source spoke and to which outlet (지난 9일 RFA에 소식통이 전했다) say nothing of who it is.
KO_WHEN_OR_TO_WHOM = re.compile(
    r"\d{1,2}일|지난|최근|이날|어제|오늘|(?:데일리NK|RFA|자유아시아방송|NK뉴스|연합뉴스|본지)(?:와의|과의|와|과|에게|에|측에)?"
    r"|전화|통화에서|인터뷰에서|취재에서|취재에|만나"
)
KO_PARTICLE = re.compile(r"(?:에서|에게서|에|의|으로|로|에 있는|과|와)$")
KO_BOUNDARY = re.compile(
    rf"[.!?,。)\]\"”’'…:;#]$|(?:다|고|며|면|는데|지만|니다|과|와|으나|면서)$|^및$|^(?:{KO_HEADS})(?:은|는|이|가|도)?$"
)
# "… 관리원이 병원 이송을 막았다고 중국의 한 소식통이 전했다": a head followed by a quoted clause (…다고) and
# then another speaker is inside what that speaker reports, not the speaker.
KO_QUOTED_THEN_SPEAKER = re.compile(rf"(?:다|라|냐)고\s+(?:\S+\s+){{0,4}}?\S*(?:{KO_HEADS})(?:들)?(?:은|는|이|가|도)\s")


def korean_head_word(head: str) -> bool:
    """A head of the list, or a trade's job: a known trade and a job suffix (목재 + 상), not 건강상 or 세상."""
    trade = KO_TRADE_JOB.fullmatch(head)
    if trade is None or re.fullmatch(KO_HEADS_LISTED, head):
        return True
    return korean_zipf(trade.group("trade")) >= RARE_ZIPF and trade.group("trade") not in KO_NOT_TRADES
