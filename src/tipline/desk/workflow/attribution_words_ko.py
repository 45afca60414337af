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
    "어머니|아버지|부모|가족|친척|남편|아내|이웃|건물주|집주인|가게주인|주인|선주|업주|항해사|기관사|"
    "간호사|약사|운전사|통역사|회계사|엔지니어|매니저|동료|요원"
)
# Jobs that end a compound naming a narrower job (현장감독, 수간호사, 구호요원, 건설노동자): the compound is the head.
KO_GLUED_JOBS = frozenset(["감독", "간호사", "요원", "기사", "노동자", "운전수", "관리원"])
# Any person named by a trade or a job's suffix too: a trader (목재상, 밀수꾼, 운송업자), a member of a
# workplace's staff (농장원, 회계원), a hand (하역공, 용접공), an agent (대리인, 중개인), a doer (책임자,
# 기술자). Read as a head only when the word before the suffix is a known word (korean_head_word).
KO_JOB_SUFFIXES = ("업자", "상", "꾼", "원", "공", "인", "자")
KO_HEADS = KO_HEADS_LISTED + "|[가-힣]{2,3}(?:" + "|".join(KO_JOB_SUFFIXES) + ")"
KO_GENERIC_HEADS = frozenset(
    {"소식통", "주민", "사람", "관계자", "여성", "남성",
     # Who a source is in the story, not what it does: a resident, a witness, a foreigner. (Not 노동자, a trade,
     # nor 탈북민, defector status, which the corpus's editors remove: few are defectors, fewer from one town.)
     "거주자", "체류자", "이주자", "제보자", "목격자", "피해자", "현지인", "외국인", "내국인", "당국자"}
)  # fmt: skip
# People who speak on the record by trade, as researchers and spokespeople do in English: no source's head,
# whatever describes them (문제를 연구해 온 한 전문가, 구병삼 통일부 대변인).
KO_ON_RECORD = frozenset(
    ["대변인", "전문가", "연구원", "연구자", "연구위원", "학자", "교수", "분석가", "기자", "의원", "국회의원", "변호인",
     "변호사"]
)  # fmt: skip
# Words with a job's suffix that name no person: institutions (유치원, 요양원, 과학원), a protagonist, a
# factor, a gene; and the public bodies of KO_PUBLIC (국정원, 감사원).
KO_NOT_PERSONS = frozenset(
    ["유치원", "대학원", "요양원", "교육원", "연수원", "과학원", "개발원", "고아원", "보육원", "동물원", "식물원",
     "과수원", "수목원", "양로원", "진흥원", "평가원", "보건원", "감사원", "국정원", "주인공", "주요인", "유전자"]
) | KO_ON_RECORD  # fmt: skip
# Known words before 상 that make no trader: 건강상 (for health), 교육상, 업무상, 법률상 (in law).
KO_NOT_TRADES = frozenset(
    ["건강", "교육", "업무", "법률", "법", "사실", "형식", "외관", "편의", "구조", "절차", "관계"]
)
# A head, not plural (노동자들이 is the subject of a story, not a source), followed by a particle or 및, or
# counted as one person who tells (현장 노동자 한 명이 전했다; not 노동자 한 명이 다쳤다고 전했다, told of).
KO_ONE_WHO_TELLS = (
    r"\s?(?:한|1)\s?(?:명|사람)(?:이|은|는|도)\s(?:[가-힣]+(?<![고며면서])\s)?(?:전했|말했|밝혔|증언했|설명했)"
)
# Or named by an initial or a surname and 씨 (탈북민 A씨는, 농장원 ㄱ씨는, 노동자 김씨가): the person the description
# is of.
KO_NAMED_BY_INITIAL = r"\s(?:[A-Z]|[가-힣]|[ㄱ-ㅎ])\s?씨(?:은|는|이|가|도|의 말|에 따르면|에 의하면)"
KO_HEAD = re.compile(
    rf"({KO_HEADS})(?=(?:은|는|이|가|도|과|와|의 말|에 따르면|에 의하면|에게서| 및|\s*,|{KO_ONE_WHO_TELLS}"
    rf"|{KO_NAMED_BY_INITIAL}))"
)
# "X의 한 Y는 … 말했다": 한 (one, a) introduces the speaker, whatever noun names it (주부, 아주머니, 청년).
KO_INDEFINITE_HEAD = re.compile(
    r"(?:^|(?<=\s))한\s+(?:[가-힣]+\s+)??(?P<head>[가-힣]{2,5})(?=(?:은|는|이|가|도)\s|에 따르면|에 의하면|의 말)",
    re.MULTILINE,
)
# 한 is a verb's form after its object or subject (일을 한 사람, 그가 한 말) or a pronoun (그는 한 …).
KO_NOT_INDEFINITE = re.compile(
    r"(?:을|를|이|가|께서|에게|고)$|^(?:그|그녀|그들|이들|나|저|우리|내가|제가)(?:는|은|가)?$"
)
# After 한: a counter (한 가지, 한 차례) or a body or a document (한 매체, 한 업체, 한 보고서) is no person.
KO_NOT_INDEFINITE_HEADS = frozenset(
    ["가지", "차례", "마디", "번째", "가운데", "동안", "사이", "매체", "언론", "신문", "방송", "회사", "기업", "업체",
     "단체", "기관", "보고서", "자료", "문건", "문서", "통계", "조사", "연구", "보도", "소식", "사례", "사건", "관계",
     "가정", "가구", "세대", "마을", "지역", "공장", "농장", "시장", "학교", "병원"]
) | KO_ON_RECORD  # fmt: skip
KO_REPORTING = re.compile(
    r"따르면|의하면|말했|전했|밝혔|덧붙였|설명했|주장했|증언했|전해왔|알려왔|말한다|전한다|말이다|라고 했|고 했다|"
    r"귀띔했|토로했|지적했|강조했|꼬집었|언급했|털어놨|털어놓았|하소연했|전언|폭로했|고발했|호소했|증언한다|"
    r"고 (?:적어|써) 보냈|연락해\s?왔|제보해\s?왔|제보했|"
    # the sender of what the desk received: 크레인 기사가 보낸 러시아어 메시지에는
    r"보낸\s(?:[가-힣]+\s)?(?:메시지|문자|사진|편지|영상|음성|자료|문서|이메일)"
)
# A quotation followed by 며 (…"라며 분통을 터뜨렸다) reports the words of anyone but the people the story is
# about, who order and shout in it (지배인은 "…"며 노동자들을 단속했다), as "the manager said" does in English.
KO_QUOTED_WITH_MYEO = re.compile(r"[\"”’'](?:라|이라)?며\s")
KO_STORY_ROLES = frozenset(["지배인", "공장장", "간부", "군관", "감독", "주임", "선장", "작업반장", "관리원", "군인"])
KO_ALLOWED_WORDS = frozenset(
    [
        "한",
        # Within an allowed place (중국 내 소식통), or "my" (내 소식통): neither says who.
        "내",
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
        # A count of people (여러 명의 소식통) and when, again (이번에도 소식통은): neither says who.
        "명",
        "명의",
        "이번에",
        "이번에도",
        "다시",
        "또다시",
        "여러",
        "일부",
        # Back-references to a source already introduced ("이 소식통은 … 말했다"): they add nothing.
        "이",
        "그",
        "해당",
        "같은",
    ]
)
# Public bodies speaking on the record (통일부 관계자, 정부 당국자, 관세청 대변인): not a confidential source —
# unless North Korean (북한 당국 관계자 is a source inside the regime).
KO_PUBLIC_HEADS = frozenset({"관계자", "당국자"})
KO_PUBLIC = frozenset(
    ["정부", "통일부", "외교부", "국방부", "법무부", "해양수산부", "행정안전부", "기획재정부", "산업통상자원부",
     "국토교통부", "보건복지부", "고용노동부", "국정원", "국가정보원", "정보당국", "당국", "군", "군당국", "합참",
     "합동참모본부", "대통령실", "청와대", "유엔", "국무부", "백악관", "미국", "일본", "외무부", "외무성", "대사관",
     "경찰", "검찰", "고위", "우리", "한국", "남한", "주한", "한미"]
)  # fmt: skip
# A South Korean agency's name ends in 청 or 처 (관세청, 경찰청, 통계청, 식약처): North Korea's bodies are 성,
# 부, 국, 소 and 위원회 (보위부, 해관, 중앙검찰소), so the suffix names a public body on the record.
KO_PUBLIC_AGENCY = re.compile(r"[가-힣]{1,6}(?:청|처)")
KO_NOT_AGENCIES = frozenset(["요청", "신청", "근처", "거처", "출처", "대처"])
# A government that briefs the press by name (미국, 한국, 일본): any of its ministries, bureaus and agencies
# (미국 재무부, 일본 경찰청, 한국 국가정보원) speaks on the record beside it.
KO_BRIEFING_GOVERNMENTS = frozenset(["미국", "일본", "한국", "남한", "주한", "한미", "정부", "우리"])
KO_GOVERNMENT_BODY = re.compile(r"[가-힣]{1,8}(?:부|성|청|처|국|원|위원회|당국)")
KO_NORTH = frozenset({"북한", "북", "조선"})
# A speaker already introduced as the topic of the sentence (이 소식통은 …): a job named after it is what
# the speaker says (… 중국 측 중개인이 끼어 있다고 설명했다), not who the speaker is.
# 소식통은 …, 두 소식통 모두 …: the speaker is already the subject; a person after it is what was said.
KO_SPEAKER_TOPIC = re.compile(rf"(?:{KO_HEADS})(?:들)?(?:(?:은|는)|\s모두|\s다|\s역시)\s")
KO_PARENTHESIS = re.compile(
    rf"(?:{KO_HEADS})\((?P<inside>[^()\n]+)(?P<close>\))(?=은|는|이|가|도|에 따르면|에 의하면|의 말)"
)
# When the source spoke and to which outlet (지난 9일 RFA에 소식통이 전했다) say nothing of who it is.
KO_WHEN_OR_TO_WHOM = re.compile(
    r"\d{1,2}일|지난|최근|이날|어제|오늘|(?:데일리NK|RFA|자유아시아방송|NK뉴스|연합뉴스|본지)(?:와의|과의|와|과|에게|에|측에)?"
    r"|전화|통화에서|인터뷰에서|취재에서|취재에|만나|통화한|인터뷰한|만난|접촉한"
)
KO_PARTICLE = re.compile(r"(?:에서|에게서|에|의|으로|로|에 있는|과|와)$")
# A conjunction or sentence adverb opens a sentence, never a description: "그러나 북한 내부 소식통은" is a
# region-only source after "but". (또 is not one: 신의주의 또 다른 소식통 is one description.) So does a
# phrase saying what the sentence is about: 이에 대해, 이와 관련해, 이 문제에 관해.
KO_CONJUNCTIONS = (
    "그러나|하지만|그런데|그리고|한편|반면|반면에|또한|게다가|그래서|따라서|다만|아울러|특히|이어|이에|결국|실제로|물론|"
    "역시|더욱이|오히려|그럼에도|그러자|이처럼"
)
KO_BOUNDARY_WORD = re.compile(
    rf"[.!?,。)\]\"”’'…:;#]$|(?:다|고|며|면|는데|지만|니다|과|와|으나|면서)$|^및$|^(?:{KO_CONJUNCTIONS})$"
    r"|(?:대해|대해서|대하여|관해|관해서|관하여|관련해|관련해서|관련하여)$"
    # 이번 하바롭스크 사례에서도 두 소식통은: where the story is told of (a case, a matter), not who tells it.
    r"|(?:사례|경우|사건|문제|상황|조사|보도|증언)(?:에서도|에서는|에서|에도|에는|에서만)$"
    # …바쳤다는 말은 몽골 소식통에게서 나왔다: what was said, not who said it.
    r"|(?:말|얘기|이야기|주장|증언|소문|것)(?:은|는|이|가|도)$"
)
# A job in Chinese inside Korean prose (훈춘 공장의 车间主任은 … 말했다): a head as its Korean name would be.
KO_HAN_JOB_HEAD = re.compile(
    r"[\u4e00-\u9fff]{0,4}(?:主任|经理|老板|司机|工人|师傅|厂长|主管|老师|医生|护士|商人|职员|员工|代理|老乡)"
    r"(?=(?:은|는|이|가|도|의 말|에 따르면|에 의하면))"
)
KO_HEAD_WITH_PARTICLE = re.compile(rf"(?P<head>{KO_HEADS})(?:은|는|이|가|도)?")
# "… 관리원이 병원 이송을 막았다고 중국의 한 소식통이 전했다": a head followed by a quoted clause (…다고) and
# then another speaker is inside what that speaker reports, not the speaker.
KO_QUOTED_THEN_SPEAKER = re.compile(rf"(?:다|라|냐)고\s+(?:\S+\s+){{0,4}}?\S*(?:{KO_HEADS})(?:들)?(?:은|는|이|가|도)\s")


def korean_head_word(head: str) -> bool:
    """A head of the list, or a job: a known word and a job's suffix (목재 + 상, 하역 + 공, 회계 + 원), not
    건강상, 세상, 요양원 or 국정원."""
    if re.fullmatch(KO_HEADS_LISTED, head):
        return True
    if head in KO_NOT_PERSONS or head in KO_PUBLIC:
        return False
    for suffix in KO_JOB_SUFFIXES:
        stem = head.removesuffix(suffix)
        if stem != head and 2 <= len(stem) <= 3 and korean_zipf(stem) >= RARE_ZIPF:
            if suffix == "인" and korean_head_word(stem):
                return False  # 주민인, 노동자인: a head and the copula ("who is a resident"), not a person noun
            return suffix != "상" or stem not in KO_NOT_TRADES
    return False


def korean_public_agency(word: str) -> bool:
    """관세청, 통계청, 식약처: a South Korean agency by its name's suffix (KO_PUBLIC_AGENCY); 한국은행,
    한국무역협회: a body named for South Korea (한국 is never a North Korean body's name)."""
    named = word.startswith(("한국", "주한")) and len(word) > 2 and not word.endswith("인")
    return (bool(KO_PUBLIC_AGENCY.fullmatch(word)) and word not in KO_NOT_AGENCIES) or named


def korean_boundary(word: str) -> bool:
    """Does this word end the description before a head (a clause's end, a conjunction, another head)?"""
    head = KO_HEAD_WITH_PARTICLE.fullmatch(word)
    return bool(KO_BOUNDARY_WORD.search(word)) or (head is not None and korean_head_word(head.group("head")))
