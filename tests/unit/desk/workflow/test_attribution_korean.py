"""Korean attributions by their structure: a job named by its suffix, whoever 한 introduces, the place or
workplace before them; and what opens no description (a conjunction), or names no anonymous source (a
South Korean agency, a person on the record, a copula, an institution)."""

from __future__ import annotations

import pytest

from tipline.desk.workflow.attribution import AttributionFinder
from tipline.desk.workflow.gazetteer import same_place_names

ALLOWED = ("China", "North Korea", "Russia", "함경북도")


def _found(prose: str) -> list[str]:
    return [prose[s.start : s.end] for s in AttributionFinder(ALLOWED).find(prose)]


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        # X에서 일하는 한 Y: X a workplace no gazetteer knows, Y a job by its suffix (공, 원, 인, 자).
        ('청진제철소에서 일하는 한 용접공은 "월급이 석 달째 밀렸다"고 말했다.', "청진제철소에서 일하는 한 용접공"),
        ("김책제지공장의 한 기술자는 설비가 멈췄다고 밝혔다.", "김책제지공장의 한 기술자"),
        # X의 한 Y: X an unknown place with 시/항/군, Y a job or a two-word job.
        ("혜산시의 한 판매원에 따르면 장마당 단속이 심해졌다.", "혜산시의 한 판매원"),
        ("단둥항의 한 화물 대리인은 배가 밤에만 들어온다고 전했다.", "단둥항의 한 화물 대리인"),
        ("온성군 세관의 한 검사원은 짐을 다 뒤진다고 말했다.", "온성군 세관의 한 검사원"),
    ],
)
def test_a_job_by_its_suffix_at_a_finer_place_or_workplace_is_flagged(prose: str, span: str) -> None:
    assert _found(prose) == [span]


def test_a_job_by_its_suffix_is_too_specific_by_itself() -> None:
    assert _found("한 용접공은 단속이 심해졌다고 말했다.") == ["용접공"]


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        ("온성군의 한 주부는 배급이 끊겼다고 말했다.", "온성군의 한 주부"),
        ("신의주 역전동에 사는 한 할머니에 따르면 전기가 하루 두 시간 들어온다.", "신의주 역전동에 사는 한 할머니"),
        # Who the source is (탈북민, 주민) glued to the head says no more than the head; the place before it does.
        ("부천에 사는 탈북민 소식통은 이렇게 말했다.", "부천에 사는 탈북민 소식통"),
        ("무산의 한 주민 소식통에 따르면 단속이 심해졌다.", "무산의 한 주민 소식통"),
        # Named by an initial or a surname and 씨 after the head.
        ("광주 북구에 사는 탈북민 B씨는 조카가 붙잡혔다고 말했다.", "광주 북구에 사는 탈북민"),
        # A date's point (10.3) ends no sentence: the reporting verb after it is still this speaker's.
        ("회령군 농장에서 일하는 한 농민은 10.3 새벽 단속이 있었다고 말했다.", "회령군 농장에서 일하는 한 농민"),
        # Nor do initials inside a quote ('J.H. Lim'이라고).
        ("부산의 한 선박 중개인은 \"의뢰인은 'J.H. Lim'이라고 서명했다\"고 말했다.", "부산의 한 선박 중개인"),
    ],
)
def test_whoever_han_introduces_as_the_speaker_is_a_person_described_by_the_place(prose: str, span: str) -> None:
    assert _found(prose) == [span]


@pytest.mark.parametrize(
    "prose",
    [
        # Only an allowed place: a person of a region (no job) says no more than the region.
        "북한의 한 주부는 배급이 끊겼다고 말했다.",
        "함경북도의 한 할머니는 전기가 안 들어온다고 전했다.",
        # 한 as a verb's form, a counter, a body or a document.
        "그가 한 말은 사실이 아니라고 북한 소식통은 전했다.",
        "일을 한 사람은 돈을 못 받았다고 북한 내부 소식통이 말했다.",
        "한 가지는 분명하다고 중국 소식통은 말했다.",
        "북한 무역성의 한 보고서는 수출이 늘었다고 밝혔다.",
        # Words with a job's suffix that name no person, or a head and the copula 인 ("who is a resident").
        "요양원은 문을 닫았다고 북한 소식통이 전했다.",
        "북한 주민인 한 소식통은 단속이 심하다고 전했다.",
        # People on the record by trade, however described.
        "대북 제재를 오래 연구해 온 한 전문가는 효과가 없다고 말했다.",
        "이영민 통일부 대변인은 정부가 사안을 주시하고 있다고 밝혔다.",
        # A nationality of an allowed country, and 내 (within, or my): no finer than the country.
        "한 중국인 소식통은 국경이 닫혔다고 전했다.",
        "중국 내 소식통은 공장이 멈췄다고 말했다.",
        "내 소식통은 공장이 멈췄다고 말했다.",
        # To which outlet and how the source spoke: by the outlet's name in either script, by phone.
        "자유아시아방송(RFA)에 한 북한 소식통이 전했다.",
        "데일리NK와 통화한 한 중국 소식통은 물가가 올랐다고 말했다.",
        # Only the allowed place, in brackets after a phone number a draft should not print either.
        "연락처: 010 2231 8890 (함경북도 소식통, 문자만)",
        # What was said before it ("…일어났다는 것이"), not who said it.
        "사고도 이런 배경에서 일어났다는 것이 함경북도 소식통과 일본 소식통의 공통된 설명이다.",
        # A count of sources and "this time too" say nothing of who.
        "여러 명의 북한 소식통은 같은 내용을 전했다.",
        "이번에도 중국 소식통은 같은 말을 했다.",
    ],
)
def test_phrasings_that_describe_no_source_finer_than_a_region_pass(prose: str) -> None:
    assert _found(prose) == []


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        ("한 노동자는 임금이 밀렸다고 말했다.", "노동자"),
        ('단천의 한 광부는 "당비서가 사고를 숨기라고 지시했다"고 폭로했다.', "단천의 한 광부"),  # disclosed
        ('한 여성 노동자는 "밤이면 손가락이 언다"고 했다.', "노동자"),
        ("중국에서 일하는 노동자인 소식통은 임금이 밀렸다고 말했다.", "노동자인 소식통"),
    ],
)
def test_a_worker_is_a_trade_and_describes_the_source(prose: str, span: str) -> None:
    """노동자 is what a source does, as "a worker" is in English (a resident, 주민, is not)."""
    assert _found(prose) == [span]


@pytest.mark.parametrize(
    "prose",
    [
        "그러나 북한 내부 소식통은 농민들의 형편이 다르다고 말했다.",
        "하지만 중국 소식통은 국경이 닫혔다고 전했다.",
        "한편 복수의 대북 소식통은 배급이 끊겼다고 전했다.",
        "특히 러시아 소식통은 임금이 밀렸다고 말했다.",
        # A phrase saying what the sentence is about opens it the same way.
        "이에 대해 북한 내부 소식통은 사실이 아니라고 말했다.",
        "이와 관련해 중국의 한 소식통은 검문이 늘었다고 전했다.",
    ],
)
def test_a_conjunction_never_starts_a_description(prose: str) -> None:
    assert _found(prose) == []


def test_a_copula_after_a_generic_head_keeps_the_finer_place_before_it() -> None:
    assert _found("회령시 주민인 한 소식통은 단속이 심하다고 전했다.") == ["회령시 주민인 한 소식통"]


def test_a_finer_place_after_a_conjunction_is_flagged_without_it() -> None:
    assert _found("그러나 회령시의 한 소식통은 단속이 없다고 말했다.") == ["회령시의 한 소식통"]
    assert _found("이에 대해 무산군의 한 주민은 어이없다고 말했다.") == ["무산군의 한 주민"]


@pytest.mark.parametrize(
    "prose",
    [
        '한국 관세청 관계자는 "위조 담배 반입이 늘었다"고 설명했다.',
        "특허청 관계자는 상표 도용이 늘었다고 밝혔다.",
        "한국은행 관계자는 북한 경제가 역성장했다고 말했다.",
        # Any ministry or bureau of a government that briefs by name.
        "미국 상무부 관계자는 수출 통제를 강화하겠다고 말했다.",
        "일본 해상보안청 관계자는 선박을 추적 중이라고 밝혔다.",
    ],
)
def test_an_agency_of_a_government_that_briefs_by_name_speaks_on_the_record(prose: str) -> None:
    assert _found(prose) == []


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        # A North Korean body is a source inside the regime; 근처 (near) names no agency.
        ("북한 보위부 관계자는 단속이 강화됐다고 말했다.", "보위부 관계자"),
        ("남양역 근처 관계자는 열차가 끊겼다고 말했다.", "남양역 근처 관계자"),
        # China's bureaus are not briefing on the record here: a public security bureau's insider is a source.
        ("중국 공안국 관계자는 검문이 늘었다고 말했다.", "공안국 관계자"),
    ],
)
def test_a_north_korean_body_or_a_place_is_no_public_agency(prose: str, span: str) -> None:
    assert _found(prose) == [span]


def test_a_job_after_a_latin_gloss_is_still_the_head() -> None:
    prose = "청진의 한 화물(cargo) 중개인은 배가 새벽에 떠났다고 말했다."
    assert _found(prose) == ["청진의 한 화물(cargo) 중개인"]


def test_a_person_inside_what_two_sources_said_is_not_the_speaker() -> None:
    assert _found("두 소식통 모두 배를 모는 사람이 중국인이라고 했다.") == []


def test_a_dash_before_a_regional_source_describes_no_one() -> None:
    assert _found("배가 떠났다고 전했다. — 함경북도 소식통") == []


def test_a_russian_source_in_an_allowed_region_in_any_case_passes() -> None:
    finder = AttributionFinder(("Дальний Восток", "Russian Far East", "КНДР"))
    prose = (
        "Источник на Дальнем Востоке России сообщил, что танкер ушёл. Источники в КНДР и на Дальнем Востоке сказали."
    )
    assert finder.find(prose) == []
    assert finder.find("Источник, работающий матросом на танкере, сообщил.") != []


def test_an_owner_is_a_person_named_by_what_they_own() -> None:
    assert _found('건물주는 "밤새 불이 켜져 있다"고 말했다.') == ["건물주"]


def test_a_province_allowed_in_english_is_allowed_in_korean_and_chinese() -> None:
    finder = AttributionFinder(same_place_names("Jilin Province"))
    assert finder.find("지린성 소식통은 공장이 문을 닫았다고 전했다.") == []
    assert finder.find("훈춘의 한 재봉공은 공장이 문을 닫았다고 말했다.") != []


def test_a_province_allowed_in_north_koreas_own_romanisation_is_allowed_in_korean() -> None:
    finder = AttributionFinder(same_place_names("South Phyongan Province"))
    assert finder.find("평안남도 소식통은 장마당이 닫혔다고 전했다.") == []
    assert finder.find("평성의 한 상인은 장마당이 닫혔다고 말했다.") != []


def test_kangwon_allowed_in_english_is_allowed_in_korean() -> None:
    assert AttributionFinder(same_place_names("Kangwon Province")).find("강원도 소식통은 배가 떠났다고 전했다.") == []


@pytest.mark.parametrize(
    "prose",
    [
        "이번 청진 사례에서도 두 북한 소식통은 임금이 밀렸다고 입을 모았다.",
        "신의주 밀수 사건에서는 중국 소식통이 단속이 느슨했다고 전했다.",
    ],
)
def test_the_case_a_story_tells_of_is_not_where_its_source_is(prose: str) -> None:
    assert _found(prose) == []


def test_a_finer_place_right_before_the_source_is_still_flagged() -> None:
    assert _found("청진의 한 북한 소식통은 임금이 밀렸다고 전했다.") == ["청진의 한 북한 소식통"]


def test_a_headlines_dash_ends_the_phrase_before_the_source() -> None:
    assert _found("청진항의 철광석이 룽커우로 — 중국 소식통이 전했다.") == []


def test_what_was_said_before_the_sources_is_not_who_said_it() -> None:
    assert _found("공장 노동자들이 임금을 못 받았다는 얘기는 중국 소식통에게서도 나왔다.") == []


def test_a_speaker_counted_as_one_person_is_described_by_the_words_before() -> None:
    assert _found("길이 막혔다고 벌목장 운전수 한 명이 전했다.") == ["벌목장 운전수"]
    assert _found("항구 하역공 한 사람은 어제 말했다.") == ["항구 하역공"]
    # One person told of, not telling: the worker is in what the source said.
    assert _found("북한 소식통은 벌목장 운전수 한 명이 크게 다쳤다고 전했다.") == []
    assert _found("벌목장 운전수 한 명이 다쳤다.") == []


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        # A job glued to the word that narrows it.
        ('러시아 건설사 현장감독은 "우리는 돈을 준다"고 말했다.', "건설사 현장감독"),
        ("북한 건설노동자는 돈을 못 받았다고 말했다.", "건설노동자"),
        # A job in Chinese, as its Korean name would be.
        ('훈춘 공장의 车间主任은 "女工拿不到"라고 말했다.', "훈춘 공장의 车间主任"),
        # A verb's progressive form is one phrase with what follows it.
        (
            "2014년 탈북해 로스앤젤레스에 살고 있는 이 소식통은 돈을 부쳐 왔다고 말했다.",
            "2014년 탈북해 로스앤젤레스에 살고 있는 이 소식통",
        ),
        # A quotation followed by 며, and words written and sent.
        ('한 광부는 "발파를 서두르라고 다그쳤다"며 분통을 터뜨렸다.', "광부"),
        ('현장 동료는 "They work at night"라고 적어 보냈다.', "현장 동료"),
    ],
)
def test_jobs_glued_or_in_chinese_and_more_ways_of_telling_are_read(prose: str, span: str) -> None:
    assert _found(prose) == [span]


def test_a_person_of_the_story_shouting_or_named_is_no_source() -> None:
    assert _found('지배인은 "입 밖에 내지 말라"며 노동자들을 단속했다.') == []
    assert _found("수간호사(Ким Ён Сун)는 떠나는 날 울었다고 한다.") == []


def test_a_noun_the_sentence_is_about_is_no_description_of_the_source() -> None:
    assert _found("이 금액은 중국 소식통이 밝힌 것과 같다.") == []
    assert _found("청진의 한 소식통이 밝힌 것과 같다.") == ["청진의 한 소식통"]


def test_a_person_named_by_a_hangul_initial_is_described_by_the_words_before() -> None:
    prose = "청진시 포항구역에 사는 농장원 ㄱ씨는 쌀값이 뛰었다고 전했다."
    assert _found(prose) == ["청진시 포항구역에 사는 농장원"]


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        # Defectors are a few tens of thousands in South Korea, and fewer from one town: finer than a country.
        ("탈북민 소식통은 단속이 심해졌다고 말했다.", "탈북민 소식통"),
        ("한국에 사는 탈북민 C씨는 조카와 통화했다고 말했다.", "탈북민"),
        ('한국의 한 탈북민은 "언니는 장사를 접었다"라고 전했다.', "탈북민"),
    ],
)
def test_defector_status_is_finer_than_a_country(prose: str, span: str) -> None:
    assert _found(prose) == [span]


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        # Who contacted the desk, or sent what it received, is a source too.
        ("두바이의 중국 하청업체 관리자는 위챗으로 본지에 연락해 왔다.", "두바이의 중국 하청업체 관리자"),
        ("크레인 기사가 보낸 러시아어 메시지에는 이름이 적혀 있었다.", "크레인 기사"),
        # A speaker named earlier inside what this head reports (…건넸다고) does not hide the head who tells.
        (
            "한 북한 노동자는 담배 값으로 3천 루블을 건넸다고 현장의 한 이주노동자가 전했다.",
            "현장의 한 이주노동자",
        ),
    ],
)
def test_who_contacted_sent_or_tells_at_the_sentences_end_is_described(prose: str, span: str) -> None:
    assert span in _found(prose)


def test_a_speaker_named_first_still_tells_of_the_people_in_its_story() -> None:
    """소식통은 … 노동자가 다쳤다고 말했다: the worker is told of, not telling."""
    assert _found("북한 소식통은 건설장의 한 노동자가 다쳤다고 말했다.") == []


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        ("재령 출신 탈북민의 여동생은 유치원 교양원으로 일한다.", "재령 출신 탈북민"),
        ("대전에 사는 탈북민 A씨의 언니 최명옥 씨는 장마당에서 일한다.", "대전에 사는 탈북민"),
    ],
)
def test_a_source_described_by_whose_kin_the_story_names_is_described(prose: str, span: str) -> None:
    assert span in _found(prose)


def test_a_source_whose_kin_the_story_names_in_an_allowed_place_only_is_no_description() -> None:
    assert _found("중국에 있는 소식통의 어머니는 북한에 산다.") == []
