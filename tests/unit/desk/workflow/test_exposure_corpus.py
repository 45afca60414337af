"""The labelled corpus, scored: a regression of the exposure check below today's figures fails CI.

The thresholds are the figures measured when this test was written (benchmarks/bench_exposure.py
prints them); raise them as the check improves, never lower them to pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories.exposure_corpus import (
    Exposure,
    Score,
    _gloss_of,
    corpus_checker,
    details_flagged,
    load_drafts,
    material,
    own_drafts,
    score,
)
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.exposure_report import UNIQUE_DETAIL, Flag
from tipline.desk.workflow.material import Material
from tipline.desk.workflow.normalise import hangul_skeleton, latin_skeleton

# (recall on details and attributions, false alarms per 20 clean drafts), per half, at least/at most.
# The held-out half is scored only by benchmarks/bench_exposure.py: scored here, every tuning run
# would see whether it passes, and tuning would drift towards it.
# The tuning half grew on 2026-12-07 by the 56 drafts of the first held-out half (seen while tuning):
# measured then 0.968 and 0.53 per 20 (3 of 113 clean drafts). The same day it grew by t171–t274 (104
# drafts in four batches, 46 clean, two new cases, each batch committed before the detector met it) and
# the misses and false alarms were fixed as classes: measured 0.989 (185/187) and 0 of 159 clean drafts.
# These floors are that measurement; the two misses left are t43/t44 (작업반장, "team leaders": a word
# ordinary in North Korea reporting that one source used).
# On 2026-12-07 the second held-out half (n…, 147 drafts) was seen and folded in: measured then 0.961
# and 0.57 per 20 (6 of 211 clean drafts), the floors below.
# Then its misses and wrong flags were fixed as classes (trade words judged against ordinary text,
# Chinese judged by Chinese words and copied Chinese as a quote, back-references to an allowed place,
# traders named by their trade, the border region's places, parts of months, and a gloss beside a
# labelled detail scored as the same detail): measured 0.992 (277/279) and 0 of 211 clean drafts.
# The third and fourth held-out halves (m…, k…) were then scored once each (first looks 0.750 and
# 0.729; 9.52 and 6.25 false alarms per 20), tuned on and folded in: measured 0.950 (0.9497) on the
# 734 tuning drafts (the misses left: small counts of people, ordinary words a labeller judged
# identifying, the k… half's paraphrases) and 0 of 301 clean drafts.
# Then the fifth (j…, first look 0.712 and 6.00 per 20) joined after tuning on it to 0.752: measured
# 0.909 on the 874 tuning drafts and 2 false alarms in 351 clean drafts (0.11 per 20: two j… drafts
# that print an abbreviation of a drug only one source named, 아목시 for 아목시실린).
# This session the g… and f… halves joined after tuning on them (g… to 0.965, f… to 0.760: the f… half was
# written to be hard, and much of what it missed is paraphrase and translation), with the e… half's first
# look in between: measured 0.898 on the 1,201 tuning drafts and 4 false alarms in 455 clean drafts.
# Then the e… half joined (tuned to 0.848): measured 0.892 on the 1,327 tuning drafts and 6 false alarms in
# 503 clean drafts.
# Then the d… half joined (its false alarms tuned, its recall not): measured 0.878 on the 1,461 tuning drafts
# and 10 false alarms in 555 clean drafts. Then the c… half joined (its false alarms tuned, its recall not):
# 0.865 on the 1,524 tuning drafts and 12 false alarms in 607 clean drafts; tuned on the b… half: 0.867.
# Then the b… half joined (tuned to 0.858 and no false alarm): 0.866 on the 1,666 tuning drafts and 12 false
# alarms in 662 clean drafts; 0.867 and 10 after tuning on the v… half (goods.py, derived totals).
# Then the v… half joined (tuned to 0.732): 0.855 on the 1,806 tuning drafts and 10 false alarms in 716
# clean drafts. Then the q… half joined (tuned to 0.784): 0.851 on the 1,911 tuning drafts and 11 false
# alarms in 758 clean drafts. Then the p… half joined untuned (its first look 0.703): 0.8417 on the 2,017
# tuning drafts and 17 false alarms in 798 clean drafts; tuned on it (names given in every language and by
# their meaning, markets and neighbourhoods by name, North Korea's romanisation of allowed provinces):
# 0.849 and 14; 0.8498 with a speaker counted as one person (현장 노동자 한 명이 전했다). Then the s… half
# joined untuned (its first look 0.800): 0.8478 on the 2,132 tuning drafts and 20 false alarms in 842 clean
# drafts; tuned on it (names read by their pattern found as written, 2백만, 천이백사십 통, 23시, places counted,
# 탈북민 소식통 described by its place, brackets, 군수공장 a kind of works): 0.8519 and 15; 0.8536 with a head
# named by its initial (탈북민 A씨는), a date's point inside a sentence, a province and a comma after a place;
# 0.8560 with banks by their names in every language (goods.py BANKS). Then the r… half joined untuned (its
# first look 0.716): 0.8476 on the 2,242 tuning drafts and 24 false alarms in 886 clean drafts; tuned on it
# (durations a source gave, a mine's words, English runs of two plain words outside quotation marks, an
# aside between an English subject and its verb): 0.8558 and 20; 16 with a town named only to say where
# another lies (두만강 건너편이 중국 훈춘이다: public geography); 15 with a named speaker after an inverted "said".
# Then the u… half joined untuned (its first look 0.642): 0.8443 on the 2,353 tuning drafts and 20 false
# alarms in 930 clean drafts; tuned on it (English names Korean writes without an r after a vowel, a piece of
# a thing the tagger cut off, a ship's crew, initials that end no Korean sentence): 0.8448 and 18; 0.8464
# with a day or part of last month or this month in a draft, read on the corpus's day (CORPUS_DAY). Then the
# w… half joined untuned (its first look 0.722): 0.8414 on the 2,463 tuning drafts and 23 false alarms in
# 974 clean drafts; tuned on it (a works by its name alone, 우 spelled woo, a neighbourhood after its
# district): 0.8423 and 18. Then the x… half joined untuned (its first look 0.708): 0.8356 on the 2,573
# tuning drafts and 22 false alarms in 1,018 clean drafts; tuned on it (a farm's and a smuggling ring's
# words, a building by its storeys, 층 before a particle, the 17th floor no date): 0.8370 and 20. Then the y…
# half joined untuned (its first look 0.810): 0.8352 on the 2,683 tuning drafts and 21 false alarms in 1,062
# clean drafts; 0.8383 with days and weeks counted by their Korean words (사흘, 보름, 2주), and 20 false alarms
# with ores by what they are (magnesite = 菱镁矿) and a mine's 발파; 0.8508 with positions and ranks, one
# person in every language (positions.py: 3중대장 = the company commander = 连长; 상위 = a senior lieutenant).
# Then the z… half joined, tuned on with the two changes before (its first look 0.643): 0.8418 on the 2,793
# tuning drafts and 24 false alarms in 1,106 clean drafts; 0.8450 with names found from their Hanja and
# after any position (韓明哲 = 한명철, 처장 탁영일인데), North or South, and Cho Eun, Thak and Phohang romanised;
# 0.8481 with nicknames of more words and more meanings (늙은 매 = the Old Hawk, 算盘 = the Abacus, «Дедом»
# = Grandad) and a boss by his surname (王老板 = Boss Wang, 刘胖子 = Fatty Liu, 량 사장); 0.8490 with a weight
# in tonnes or kilograms and both ends of a range (7~8톤, 420,000 to 480,000 yuan); 0.8530 with a trade named
# alone as the subject ("the broker said", not "the officer said": attribution_words.EN_STORY_ROLES); 0.8557
# with 노동자 a trade, as "a worker" is in English (한 노동자는 … 말했다); 21 false alarms with 호주 an allowed
# country (gazetteer.PRESS_NAMES), "sources on both sides of the river" a group, "a figure in line with what
# defectors have described" no person; 20 with a price a kilo held as a tonne's too (60 yuan: 60,000); 0.8580
# with vehicles counted (트럭 여섯 대, six trucks, 두 차). Then the a… half joined untuned (its first look 0.736):
# 0.8530 on the 2,903 tuning drafts and 27 false alarms in 1,150 clean drafts; tuned on it (the surname 계,
# glasses and a big mouth as nicknames, a boss by his surname in Chinese, 키로 a kilometre too, km, zinc
# concentrate, 위로금): 0.8540 and 24; 22 and 0.8544 with countries in Hanja (中國 소식통), what was said before a
# head (…일어났다는 것이) no description, and 폭로했다 a reporting verb; 0.8553 with a day by its weekday's place in
# the month (7월 셋째 일요일, the third Sunday of July); 0.8560 with a works by its place and trade (신의주방직공장 =
# the Sinuiju Textile Mill, 단천광산병원 = the Tanchon Mine Hospital); 0.8567 with handles (capkim_remit으로);
# 0.8571 with a month's amount held as a year's (한 달에 8톤: 96 tonnes a year); 21 false alarms with a town a
# city "faces" across a river as public geography.
# On 2026-12-08: 0.8659 with attributions by relation (his brother said), a trade after an inverted verb, a group
# at a named workplace, asides, accounts ("by a trader's account"), long relative clauses, Korean jobs glued to
# what narrows them (현장감독), in Chinese (车间主任은), and a quotation followed by 며.
# 0.8676 with a name before a possessive (Kim Chol-jin's) and a foreign name's two Hangul words keyed together when
# the dictionary knows one of them (세르게이 그로모프 = Сергей Громов).
# Then the i… half joined untuned (its first look 0.776): 0.8665 on the 3,013 tuning drafts and 25 false alarms in
# 1,194 clean drafts; tuned on it (what a source is said of or gave, "a figure a source … confirmed"; a noun the
# sentence is about, 이 금액은; medicines by what they are, 头孢曲松 = 세프트리악손; nicknames called in the past,
# '번개'라고 불렸습니다; 十一月 a month, not eleven): 0.8684 and 21.
# Then the o… half joined untuned (its first look 0.802): 0.8653 on the 3,123 tuning drafts and 28 false alarms in
# 1,238 clean drafts; 22 with a Sino-Korean noun of the tagger's dictionary ordinary however rare on the web
# (징발, 양곡, 군량미), people a named publication quoted on its record, a nickname called in the past (불렀),
# 꼬챙이 = Skewer; 0.8657; 0.8671 with a widow of the story, a Hangul initial (농장원 ㄱ씨는), a trade after a dash.
# Then the l… half joined untuned (its first look 0.824): 0.8653 on the 3,233 tuning drafts and 30 false alarms in
# 1,282 clean drafts; tuned on its false alarms (North Korea's great rivers public geography, 清川江 = the
# Chongchon River; ships counted in Chinese numerals, 两船 = 배 두 척; a group in a town is a group; a post in a
# sentence about how things usually are is no one): 21 false alarms, recall unchanged.
# 0.8671 with defector status finer than a country, metres a unit and a mine's pit or a block numbered (No. 3 pit).
# 0.8688 with the 2nd platoon a numbered place, 왕서방 = Mr. Wang, and towns and ports of the coal trade (宁波, 龙口).
# 0.8692 with a heat in degrees Celsius, Fahrenheit converted (기온이 47도 = 117 degrees Fahrenheit).
# Then the ab… half joined untuned, its misses unread (its first look 0.610): 0.8599 on the 3,343 tuning drafts
# and 34 false alarms in 1,326 clean drafts; tuned on its false alarms (the words of a place's name are no quote,
# "in the United Arab Emirates"; 공사장 is a building site, not Boss Kong; a year's amount from a monthly plan, 한 달
# 계획 3만 달러 = 36만 달러 a year): 22, recall unchanged. (Its misses were not read.)
# 0.8677 with days a draft counts from its own day or a holiday (last Wednesday, 지난주 월요일, 엿새 전, the day
# before Thanksgiving, 재작년 3월, two years and nine months ago; relative_days.py), each half read on the day its
# header names, a year of birth from a source's age (born around 1985 from 마흔한 살; birth_years.py), and a month
# before a sum (2025년 4월 1만8000달러).
# 0.8705 with North Korea's Ro (= 노: Ro Yong-nam is 卢永男), names a source wrote unmarked (동기 박은정도, 사는
# 리순덕입니다: korean_names.LOOSE_NAME) and a name after a trade or relation a private person's (노동자 리정훈).
# 0.8762 with a few people counted (학생 7명, seven workers, 의사 네 명; people_counts.py), every small number of a
# source's material held as a count (아이 일곱이: a count two sources gave in different forms points at neither),
# the sources' own count no count (소식통 두 명, according to two people). The tuning half's first drafts (t…, h…)
# left such counts unlabelled ("threatened three workers"); later labellers label them: 9 flags on them are
# counted wrong, none in a clean draft.
# 0.8776 with Korean sources who contacted the desk or sent what it holds (본지에 연락해 왔다, 기사가 보낸 메시지에는),
# and a head telling at the sentence's end after a speaker inside what it reports (…건넸다고 현장의 한 이주노동자가
# 전했다).
# 0.8790 with an English person known by what they belong to (the landlord of the clinic's building, "…, said the
# wife of an inmate held in cell No. 7"), and a finite clause after "said" read as what is said, not as an inverted
# speaker (The broker, who works out of a shop on Guangming Street, said a family had wired him …).
# Then the ac… half joined untuned, its misses unread (its first look 0.790; 0.810 on the commit before it joined):
# 0.8767 on the 3,453 tuning drafts and 25 false alarms in 1,370 clean drafts.
# 24 false alarms with a short Korean run of nouns and a number no quote outside quotation marks (북한 여성 노동자
# 300명이); recall 0.8764.
# 0.8780 with dates in native Korean words (시월 열이렛날, 시월 사흗날; native_dates.py), 11월 첫 일요일, Korea's fixed
# holidays (개천절), a week of a month (the third week of November: 16–22 November), and days a calendar names read
# in material too (11월 셋째 주 in a message).
# 0.8793 with nicknames by their meaning: 老狐狸 = 늙은 여우 = the Old Fox, «Генерал» = 장군, 털보 = the Beard,
# 안경 = Glasses.
# 0.8800 with a Russian street in any case however common its name (улица Шувалова, на улице Туманной) and a time on
# the 24-hour clock (в 23:00 = 11 p.m.).
# 0.8806 with Tokchon and Kaechon in the gazetteer (their halves folded in) and Эрээн = Erenhot; 0.8833 with vehicles
# by make and model in every language (도요타 랜드크루저 = Toyota Land Cruiser, ПАЗ = PAZ; goods.VEHICLES).
# 0.8852 with a broker's cut and what is left of the amount a source sent (150만원 … 30%를 떼 갔습니다: 45만 원, 105만).
# 0.8859 with a Korean source described by whose kin the story names (재령 출신 탈북민의 여동생은).
# 21 false alarms with hours in English words (eleven at night, half past five), a run of hours no quote, and an
# English run in a mixed draft judged as English ("in the United Arab Emirates" beside a Hangul name).
# 20 with a Koryo-saram surname in Latin letters the Korean one (Tsoi = Цой = 최 = Choe).
# 0.8866 with one of the story's crew ("one of the workers said") and someone by their age ("a 24-year-old from
# Hamju County") as English attributions.
# 0.8872 with a unit numbered by an ordinal before its kind (the 4th work team, its 3rd work team, the 25th Border
# Guard Brigade) and a berth as Russian numbers it (у причала № 3 = berth No. 3).
# 0.8879 with years from one to another (2005년부터 2008년까지 = between 2005 and 2008; 2010년부터 8년 동안).
# 0.8895 with a few things counted (two briefcases, six handsets; not two decades or 9층), a count with no counted
# noun held as people or things ("two died"), and colleagues, comrades, relatives … counted as people.
# Then the ad… half joined untuned, its drafts unread (its first look 0.786; 0.806 on the commit before it joined):
# 0.8870 on the 3,563 tuning drafts and 25 false alarms in 1,414 clean drafts.
FLOORS = {"tuning": (0.886, 0.36)}
# Attribution precision, at least: 63 of 63 after the same fixes (60 of 62 before: "a source in the
# province", "a source there", back-references to an allowed place, read as descriptions).
# The v… half brought two speakers inside a story its labeller did not count as sources ("an officer
# told the crew", "한 선원은 … 라고 했다"): 238 of 240; with the q… half, 252 of 255; with the p… half, 263
# of 267; with the z… half, 369 of 377 (among its own: "sources on both sides of the river", "a figure in
# line with what defectors have said", 호주에 있는 소식통 after a province's source); with a worker a trade (노동자,
# attribution_words_ko), 384 of 394: one labeller left "한 노동자는 …고 했다" unlabelled where five labelled it.
ATTRIBUTION_PRECISION = 0.97


@pytest.fixture(scope="module")
def checker() -> ExposureChecker:
    return corpus_checker()


@pytest.fixture(scope="module")
def tuning(checker: ExposureChecker) -> Score:
    """The tuning half scored once for the tests that read it (734 drafts: seconds each time)."""
    return score(checker, "tuning")


@pytest.mark.parametrize("half", sorted(FLOORS))
def test_corpus_half_scores_at_least_the_recorded_figures(checker: ExposureChecker, tuning: Score, half: str) -> None:
    result = tuning if half == "tuning" else score(checker, half)
    recall, false_alarms = FLOORS[half]
    assert result.recall(["detail", "attribution"]) >= recall, result.misses
    assert result.false_alarms_per_20 <= false_alarms, result.wrong
    assert result.precision("attribution") >= ATTRIBUTION_PRECISION, result.wrong


def test_every_issue_variant_is_caught(tuning: Score) -> None:
    """The false negatives of issue 16, each a labelled draft: all found (h02… were held out until
    2026-12-07; now tuning drafts)."""
    wanted = {"t03", "t04", "t05", "t06", "t07", "t08", "t11", "t12", "t13", "t26", "h02", "h05", "h06", "h20", "h22"}
    missed = {line.split()[0] for line in tuning.misses}
    assert set() == wanted & missed


def test_corpus_halves_are_fixed_and_large_enough() -> None:
    tuning = load_drafts("tuning")
    assert len(tuning) >= 80
    # t…: written as tuning drafts; h…, n…, m…, k…, j…, g…, f…, e…, d…, c…, b…, v…, q…, p…, s…, r…, u…,
    # w…, x…, y…, z…, a…, i…, o…, l…, ab…, ac… and ad…: the first twenty-eight held-out halves, seen and folded in
    # (one letter each until the alphabet was used, then two).
    assert {_prefix(d.id) for d in tuning} == {*"thnmkjgfedcbvqpsruwxyzaiol", "ab", "ac", "ad"}
    assert len({d.id for d in tuning}) == len(tuning)
    assert {"ko", "en", "mixed"} <= {d.lang for d in tuning}
    assert sum(not d.exposures for d in tuning) >= 20
    # ae…: the twenty-ninth held-out half, written blind; never tuned on.
    heldout = load_drafts("heldout")
    assert len(heldout) >= 80
    assert {_prefix(d.id) for d in heldout} == {"ae"}
    assert len({d.id for d in tuning + heldout}) == len(tuning) + len(heldout)
    assert {"ko", "en", "mixed"} <= {d.lang for d in heldout}
    assert sum(not d.exposures for d in heldout) >= 35


def _prefix(draft_id: str) -> str:
    """The letters before a draft's number: its half's name (t, h, …, ab)."""
    return draft_id.rstrip("0123456789")


def test_tiplines_own_drafts_are_clean(checker: ExposureChecker) -> None:
    assert [] == own_drafts(checker)


def test_issue_false_positives_are_clean(tuning: Score) -> None:
    """Issue 16's false alarms, each a labelled clean draft: heading run-back (t01), 복수의 대북 소식통 (t03's
    attribution), 러시아 극동 지역의 한 소식통 (t15), the ko template heading (t25), 과/및 joins (t46)."""
    wrong = {line.split()[0] for line in tuning.wrong}
    assert set() == {"t01", "t03", "t15", "t25", "t46"} & wrong


def test_two_korean_words_are_no_quote_and_a_quote_after_a_quotation_mark_is(checker: ExposureChecker) -> None:
    sources = [
        material("amber-crane", "그는 국가보위성 보위원이다. 보위원은 작업반장들에게도 돈을 요구합니다."),
        material("birch-wren", "…"),
    ]
    short = checker.check_text("국가보위성 보위원이 돈을 받는다.\n", Path("d.md"), sources)
    assert [] == [f for f in short.flags if f.kind == "quote"]
    quoted = checker.check_text(
        '한 소식통은 "보위원은 작업반장들에게도 돈을 요구합니다"라고 말했다.\n', Path("d.md"), sources
    )
    assert ["보위원은 작업반장들에게도 돈을 요구합니다"] == [f.text for f in quoted.flags if f.kind == "quote"]


def test_note_says_exactly_what_was_not_compared(checker: ExposureChecker) -> None:
    sources = [material("amber-crane", "보위원 리광혁이 돈을 걷는다."), material("cedar-fox", "丹东的中间人。")]
    report = checker.check_text("Ri Kwang-hyok works with a broker in Dandong.\n", Path("d.md"), sources)
    (note,) = report.notes
    assert "quotes and ordinary words of amber-crane/b1/message.txt (ko), cedar-fox/b1/message.txt (zh)" in note
    assert "names (Hangul, Hanja, romanised), places, numbers and dates in them were compared" in note
    assert {"Ri Kwang-hyok": ("amber-crane",), "Dandong": ("cedar-fox",)} == {
        f.text: f.sources for f in report.flags if f.kind == "unique-detail"
    }
    # With a saved English translation, nothing is left uncompared.
    translated = [*sources, material("amber-crane", "Ri Kwang-hyok collects money.", translation=True)]
    translated.append(material("cedar-fox", "A broker in Dandong.", translation=True))
    assert [] == checker.check_text("A broker.\n", Path("d.md"), translated).notes


def test_a_chinese_name_in_pinyin_meets_the_chinese_material(checker: ExposureChecker) -> None:
    sources = [material("cedar-fox", "鸿祥贸易公司的老板也参与了。"), material("birch-wren", "…")]
    report = checker.check_text("The cash goes through Hongxiang Trading, a source said.\n", Path("d.md"), sources)
    assert [("Hongxiang Trading", ("cedar-fox",))] == [
        (f.text, f.sources) for f in report.flags if f.kind == "unique-detail"
    ]


def test_reasons_are_in_the_drafts_language(checker: ExposureChecker) -> None:
    sources = [material("amber-crane", "보위원 리광혁이 돈을 걷는다."), material("birch-wren", "…")]
    korean = checker.check_text("노동자들은 이광혁을 두려워한다.\n", Path("d.md"), sources)
    (flag,) = [f for f in korean.flags if f.kind == "unique-detail"]
    assert "이광혁" == flag.text
    assert "한 소식통(amber-crane)의 자료에만 있고" in flag.reason
    english = checker.check_text("Lee Kwang-hyuk collects money.\n", Path("d.md"), sources)
    assert "found in the material of only one source (amber-crane)" in english.flags[0].reason


def _kinds(checker: ExposureChecker, text: str, sources: list[Material]) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in checker.check_text(text, Path("d.md"), sources).flags]


def test_a_dateline_day_is_no_detail_and_an_event_day_is(checker: ExposureChecker) -> None:
    sources = [
        material("amber-crane", "2026년 3월 14일 보위원이 위협했습니다. 우리는 하루 14시간 일합니다."),
        material("birch-wren", "보위원이 돈을 뜯습니다."),
    ]
    assert [] == _kinds(checker, '러시아 소식통은 14일 데일리NK에 "다들 눈치만 본다"고 전했다.\n', sources)
    assert [] == _kinds(checker, "조선중앙통신은 14일 이같이 보도했다.\n", sources)
    assert [("unique-detail", "14일")] == _kinds(
        checker, "러시아의 한 소식통은 보위원이 지난 14일 위협했다고 전했다.\n", sources
    )
    assert [("unique-detail", "14")] == _kinds(checker, "노동자들은 하루 14시간 일한다.\n", sources)


def test_public_officials_on_the_record_are_no_attribution_but_north_korean_ones_are(
    checker: ExposureChecker,
) -> None:
    sources = [material("amber-crane", "보위원이 돈을 뜯습니다."), material("birch-wren", "…")]
    for clean in (
        "통일부 관계자는 상황을 주시하고 있다고 말했다.\n",
        "정부 관계자도 이 문제를 협의하고 있다고 밝혔다.\n",
        "A Unification Ministry official said Seoul was aware of the reports.\n",
        "A South Korean government official said Seoul was aware of the reports.\n",
    ):
        assert [] == _kinds(checker, clean, sources), clean
    for flagged, span in (
        ("북한 당국 관계자는 돈이 평양으로 간다고 말했다.", "당국 관계자"),
        ("A North Korean government official said it goes to Pyongyang.", "A North Korean government official"),
        ("A Ministry of State Security official said it goes to Pyongyang.", "A Ministry of State Security official"),
    ):
        assert [("attribution", span)] == _kinds(checker, flagged + "\n", sources), flagged


def test_why_a_source_is_unnamed_is_no_description_of_it(checker: ExposureChecker) -> None:
    sources = [material("amber-crane", "보위원이 돈을 뜯습니다."), material("birch-wren", "…")]
    assert [] == _kinds(
        checker,
        "It is routine, according to a North Korean source in Russia who requested anonymity for safety reasons.\n",
        sources,
    )
    assert [] == _kinds(checker, "Prices rose, according to Daily NK sources inside the country.\n", sources)
    assert [("attribution", "A construction worker in Russia")] == _kinds(
        checker, "A construction worker in Russia, who requested anonymity, said it is routine.\n", sources
    )


def test_a_job_in_what_the_source_says_is_no_attribution(checker: ExposureChecker) -> None:
    sources = [material("amber-crane", "보위원이 돈을 뜯습니다."), material("birch-wren", "…")]
    text = "이 소식통은 환전 과정에 중국 측 중개인이 끼어 있다고 설명했다.\n"
    assert [] == _kinds(checker, text, sources)
    job = "단둥의 한 중개인은 돈을 바꾼다고 설명했다.\n"
    assert [("attribution", "단둥의 한 중개인")] == _kinds(checker, job, sources)


def test_a_loanword_on_the_ordinary_list_is_no_detail(checker: ExposureChecker) -> None:
    sources = [material("amber-crane", "매달 4만2000루블씩 거둬갑니다."), material("birch-wren", "…")]
    assert [] == _kinds(checker, "보위원이 걷은 루블은 위안화로 바뀐다고 소식통이 전했다.\n", sources)


def test_how_reporters_place_and_qualify_a_source_passes_and_a_job_still_does_not(checker: ExposureChecker) -> None:
    sources = [material("amber-crane", "보위원이 돈을 뜯습니다."), material("birch-wren", "…")]
    for clean in (
        '대북 사정에 정통한 러시아의 한 소식통은 "다들 조용하다"고 말했다.',
        '러시아에서 활동하는 한 대북 소식통은 "돈이 없다"고 토로했다.',
        '러시아에 나가 있는 한 소식통은 "감시가 심하다"고 전했다.',
        "A Russia-based source familiar with the situation said it has gone on for years.",
        "A North Korean laborer dispatched to Russia said workers keep quiet.",
        "An NK News source in Russia said it has grown worse.",
        "An RFA source in China said guards have been reinforced.",
    ):
        assert [] == _kinds(checker, clean + "\n", sources), clean
    for flagged, span in (
        ("단둥의 한 환전상에 의하면 돈은 위안화로 바뀐다.", "단둥의 한 환전상"),
        ('이르쿠츠크를 오가는 한 화물차 운전수는 "실어 날랐다"고 귀띔했다.', "이르쿠츠크를 오가는 한 화물차 운전수"),
        ("A Russia-based construction worker told Daily NK that it is routine.", "A Russia-based construction worker"),
    ):
        assert [("attribution", span)] == _kinds(checker, flagged + "\n", sources), flagged


def test_an_english_dateline_is_no_detail_and_an_event_date_is(checker: ExposureChecker) -> None:
    sources = [material("amber-crane", "2026년 3월 14일 보위원이 위협했습니다."), material("birch-wren", "…")]
    assert [] == _kinds(checker, "Workers keep quiet, a source told NK News on March 14.\n", sources)
    assert [("unique-detail", "March 14")] == _kinds(
        checker, "The officer threatened workers on March 14, a source said.\n", sources
    )


def test_a_place_in_a_spelling_the_press_commonly_uses_meets_its_standard_spelling(checker: ExposureChecker) -> None:
    sources = [material("birch-wren", "현금을 블라디보스토크로 보냈습니다."), material("cedar-fox", "转到新义州。")]
    report = checker.check_text("현금은 블라디보스톡으로 갔다.\nIt went on to Shinuiju.\n", Path("d.md"), sources)
    assert [("블라디보스톡", ("birch-wren",)), ("Shinuiju", ("cedar-fox",))] == [
        (f.text, f.sources) for f in report.flags if f.kind == "unique-detail"
    ]


ISSUE_MATERIAL = [
    material("amber-crane", "보위원 리광혁이 매달 로동자 한명당 4만2000루블씩 거둬갑니다."),
    material("birch-wren", "나는 앙가르스크와 이르쿠츠크 사이를 오가는 운전수입니다."),
    material("cedar-fox", "我在丹东做中间人。"),
]


@pytest.mark.parametrize(
    ("draft", "span", "source"),
    [
        ("보위원 李光赫이 돈을 걷는다.", "李光赫", "amber-crane"),
        ("The officer, Ri Kwang-hyok, collects money.", "Ri Kwang-hyok", "amber-crane"),
        ("The officer, Lee Kwang-hyuk, collects money.", "Lee Kwang-hyuk", "amber-crane"),
        ("노동자 한 명당 4만2000 루블을 낸다.", "4만2000 루블", "amber-crane"),
        ("노동자 한 명당 4만 2천 루블을 낸다.", "4만 2천 루블", "amber-crane"),
        ("노동자 한 명당 42,000루블을 낸다.", "42,000루블", "amber-crane"),
        ("Each worker pays 42,000 rubles.", "42,000 rubles", "amber-crane"),
        ("Each worker pays 42000 rubles.", "42000 rubles", "amber-crane"),
        # An English draft against Korean and Chinese material, with no translation model: compared anyway.
        ("A broker in Dandong changes the money.", "Dandong", "cedar-fox"),
    ],
)
def test_each_false_negative_of_the_issue_is_caught(
    checker: ExposureChecker, draft: str, span: str, source: str
) -> None:
    """Flagged as a detail (the number's own span: 42000 of 42000 rubles), or inside a flagged quote."""
    report = checker.check_text(draft + "\n", Path("d.md"), ISSUE_MATERIAL)
    start = draft.index(span)
    end = start + len(span)
    kinds = ("unique-detail", "quote")
    assert [f for f in report.flags if f.kind in kinds and f.start < end and start < f.end and source in f.sources]


@pytest.mark.parametrize(
    ("draft", "span"),
    [
        ("이르쿠츠크에서 일하는 한 노동자에 따르면 보위원이 돈을 걷는다.", "이르쿠츠크에서 일하는 한 노동자"),
        ("A North Korean worker in Irkutsk said the officer takes money.", "A North Korean worker in Irkutsk"),
        ("A Daily NK source in Irkutsk said the officer takes money.", "A Daily NK source in Irkutsk"),
        ("A source, a construction worker in Irkutsk, said he pays.", "a construction worker in Irkutsk"),
    ],
)
def test_each_attribution_the_issue_missed_is_flagged(checker: ExposureChecker, draft: str, span: str) -> None:
    report = checker.check_text(draft + "\n", Path("d.md"), ISSUE_MATERIAL)
    assert span in [f.text for f in report.flags if f.kind == "attribution"]


def test_a_cleaned_file_named_after_a_place_is_flagged(checker: ExposureChecker, tmp_path: Path) -> None:
    """Linked filenames are checked like the prose: a copy named after a place points to its source."""
    draft = "A source in Russia said workers pay.\n\n![Site](images/angarsk-road.cleaned.jpg)\n"
    report = checker.check_text(draft, tmp_path / "d.md", ISSUE_MATERIAL)
    (flag,) = [f for f in report.flags if f.kind == "unique-detail"]
    assert ("angarsk", ("birch-wren",)) == (flag.text, flag.sources)
    assert flag.reason.startswith("a linked file's name: ")


def test_small_numbers_with_different_units_differ_and_a_bare_one_meets_every_unit(checker: ExposureChecker) -> None:
    sources = [
        material("amber-crane", "우리는 하루 14시간 일합니다. 레닌 거리 17번지 건설장입니다."),
        material("amber-crane", "We work 14 hours a day at 17 Lenin Street.", translation=True),
        material("birch-wren", "…"),
    ]
    for clean in (
        "지난해 14개 건설 현장에 노동자가 투입됐다.",
        "About 17 tons of cement were stolen.",
        # A number that names what it counts counts neither hours nor houses.
        "About 17 work teams are active in Russia.",
        "About 14 North Korean construction firms operate in the Far East.",
        "단속이 14차례나 있었다.",
    ):
        assert [] == _kinds(checker, clean + "\n", sources), clean
    for flagged, span in (
        ("Their building is number 17.", "17"),  # no unit: it may be the house number
        ("노동자들은 하루 14시간 일한다.", "14"),
        ("Workers put in 14-hour days.", "14"),
        ("The site is at 17 Lenin Street.", "17"),
        ("현장은 레닌 거리 17번지에 있다.", "17"),
    ):
        assert ("unique-detail", span) in _kinds(checker, flagged + "\n", sources), flagged


def test_the_korean_official_date_form_is_a_date(checker: ExposureChecker) -> None:
    sources = [material("amber-crane", "2026년 3월 14일 보위원이 위협했습니다."), material("birch-wren", "…")]
    assert [("unique-detail", "2026. 3. 14.")] == _kinds(checker, "보위원은 2026. 3. 14. 경고했다.\n", sources)


def test_a_day_without_its_month_is_a_date_unless_it_recurs(checker: ExposureChecker) -> None:
    sources = [
        material("amber-crane", "2026년 3월 14일 보위원이 위협했습니다. 레닌 거리 17번지 건설장입니다."),
        material("birch-wren", "…"),
    ]
    assert [("unique-detail", "14th")] == _kinds(checker, "On the 14th, the officer warned them.\n", sources)
    assert [] == _kinds(checker, "By the 14th of each month, workers must pay.\n", sources)
    assert [] == _kinds(checker, "노동자들은 매달 14일 돈을 낸다.\n", sources)
    assert ("unique-detail", "17") in _kinds(checker, "They work on Lenin Street 17.\n", sources)


def test_names_numbers_and_places_the_tokeniser_splits_are_read_by_their_pattern(checker: ExposureChecker) -> None:
    sources = [
        material("iris-mole", "지배인 한명철 동지가 팁을 가져갑니다. 혜산시 연봉동에 삽니다. 쌀은 7500원입니다."),
        material("jade-stoat", "…"),
    ]
    for draft, span in (
        ("Han Myong-chol takes the tips.", "Han Myong-chol"),  # 한 + 명철 to the tokeniser
        ("A market in Ryonbong-dong sells rice.", "Ryonbong-dong"),  # 연 + 봉동
        ("쌀이 칠천오백 원에 팔린다.", "칠천오백"),  # a price in Hangul numerals
    ):
        assert [("unique-detail", span)] == _kinds(checker, draft + "\n", sources), draft
    # Alone, Hangul numerals are places (이천, 사천) and a word after a title is no name (관리원 모두가).
    assert [] == _kinds(checker, "사천 요리를 먹었다. 관리원 모두가 나갔다.\n", sources)


def test_a_name_read_by_its_pattern_is_found_as_written_wherever_a_draft_puts_it(checker: ExposureChecker) -> None:
    """A source names a person after a title or with an age, where the pattern reads the name; a draft
    writes it elsewhere, where the tagger cuts it into syllables (한 + 명 + 철, 김 + 순 + 녀)."""
    sources = [
        material("wren-otter", "작업반장 한명철이 돈을 걷습니다. 병원에서 김순녀(52)가 숨졌습니다."),
        material("pike-ibis", "돈을 걷는다는 말은 들었습니다."),
    ]
    for draft, span in (
        ("한명철 반장은 매달 돈을 걷는다.", "한명철"),
        ("숨진 김순녀 (Kim Sun-nyo) 씨는 약을 받지 못했다.", "김순녀"),
    ):
        assert ("unique-detail", span) in _kinds(checker, draft + "\n", sources), draft
    # The job is no name; it is the position only wren-otter wrote (positions.py), and flagged as that.
    assert [("unique-detail", "작업반장")] == _kinds(checker, "작업반장이 매달 돈을 걷는다는 말이 돌았다.\n", sources)


def test_hanja_names_meet_their_korean_reading_and_romanisation(checker: ExposureChecker) -> None:
    sources = [
        material("fern-otter", "같은 작업반 김옥화 동무가 쓰러졌습니다."),
        material("gale-finch", "朝方管理员朴顺男每个月从每人工资里扣一千五百元。"),
    ]
    # The surname 金 is read 김, not 금 (gold).
    assert [("unique-detail", "金玉花")] == _kinds(checker, "金玉花가 쓰러졌다.\n", sources)
    # A number in a Chinese sentence no longer hides the name beside it; romanised, the name meets it.
    assert [("unique-detail", "Park Sun-nam")] == _kinds(checker, "Park Sun-nam takes the money.\n", sources)


def test_a_name_meets_its_hangul_however_english_spells_its_u(checker: ExposureChecker) -> None:
    sources = [material("fern-otter", "갱장 박승우(朴承宇)가 책임자입니다."), material("gale-finch", "…")]
    for draft, name in (("Park Seung-woo runs the pit.", "Park Seung-woo"), ("Pak Sung-u runs the pit.", "Pak Sung-u")):
        assert [("unique-detail", name)] == _kinds(checker, draft + "\n", sources), draft


def test_a_name_is_found_where_the_tagger_splits_it_from_its_hanja_or_after_any_title(
    checker: ExposureChecker,
) -> None:
    """韓明哲 is the 한명철 a Korean draft writes, North or South (리철우 = 이철우), however the tagger cuts it;
    a name after a position and before 인데 is read as one (처장 탁영일인데)."""
    sources = [
        material("fern-otter", "밀수조 우두머리는 韓明哲입니다. 운전수는 리철우(41)입니다."),
        material("gale-finch", "그루빠 책임자는 도 보안국 처장 탁영일인데 장사꾼들이 무서워합니다."),
        material("rush-vole", "단속이 심해졌습니다."),
    ]
    for draft, name, source in (
        ("소식통은 밀수조를 이끈 인물로 한명철을 지목했다.", "한명철", "fern-otter"),
        ("운전수 이철우도 붙잡혔다.", "이철우", "fern-otter"),
        ("현지 장사꾼들은 탁영일 처장을 두려워한다.", "탁영일", "gale-finch"),
    ):
        assert (name, (source,)) in details_flagged(checker, draft + "\n", sources), draft


@pytest.mark.parametrize(
    ("romanised", "hangul"),
    [("Cho Eun-byol", "조은별"), ("Thak Song-jin", "탁성진"), ("Phohang", "포항"), ("Choe Yong-ho", "최영호")],
)
def test_a_romanised_name_meets_its_hangul_whatever_system_spelled_it(romanised: str, hangul: str) -> None:
    """Cho Eun is 조은, not the 최 of Choe; North Korea's th and ph are ㅌ and ㅍ."""
    assert latin_skeleton(romanised) == hangul_skeleton(hangul)


def test_a_handle_is_one_detail_glued_to_a_particle_or_not(checker: ExposureChecker) -> None:
    """A messenger ID (capkim_remit, cbliu_1978) is one name, not a word and a year."""
    sources = [material("fern-otter", "제 카카오톡 ID는 capkim_remit입니다."), material("gale-finch", "…")]
    for draft in ("브로커는 capkim_remit으로 의뢰를 받는다.", "He takes orders as capkim_remit."):
        assert [("unique-detail", "capkim_remit")] == _kinds(checker, draft + "\n", sources), draft


def test_a_neighbourhood_after_its_district_is_read_as_an_address_is_written(checker: ExposureChecker) -> None:
    sources = [material("fern-otter", "어머니는 청진 포항구역 남강동에 사십니다."), material("gale-finch", "…")]
    assert [("unique-detail", "남강동")] == _kinds(checker, "단속은 남강동 골목에서 시작됐다.\n", sources)


def test_a_word_must_be_rare_on_both_sides(checker: ExposureChecker) -> None:
    sources = [material("dusk-heron", "혜산 장마당에서 녀성로동자들이 쌀을 판다."), material("ember-lark", "…")]
    # 장마당 is ordinary in Korean material however rare "jangmadang" is in English; 녀성로동자 is 여성 + 노동자.
    assert [] == _kinds(checker, "Jangmadang traders sell rice.\n", sources)
    assert [] == _kinds(checker, "여성로동자들이 쌀을 판다.\n", sources)


def test_a_quote_inside_quotation_marks_is_judged_whole_and_a_retold_claim_outside_them_is_none(
    checker: ExposureChecker,
) -> None:
    sources = [
        material("amber-crane", "We work 14 hours a day and rest once a month.", translation=True),
        material("birch-wren", "보위원은 로동자들을 협박하고 뇌물을 받습니다."),
    ]
    quoted = '"We labor 14 hours a day and rest once a month," the source said.\n'
    assert [("quote", "14 hours a day and rest once a month")] == _kinds(checker, quoted, sources)
    assert [] == _kinds(checker, "러시아의 한 소식통은 보위원이 노동자들을 협박하고 뇌물을 받는다고 말했다.\n", sources)


def test_attributions_by_job_kin_and_agent_noun_and_the_phrasings_that_name_no_one(checker: ExposureChecker) -> None:
    sources = [material("amber-crane", "보위원이 돈을 뜯습니다."), material("birch-wren", "…")]
    for flagged, span in (
        ("The money is changed into yuan, a Chinese middleman said.", "a Chinese middleman"),
        ("A shift supervisor at the plant said phones are taken.", "A shift supervisor at the plant"),
        ("A mother of one of the workers said no money came.", "A mother of one of the workers"),
        ("Someone who works at a site in Irkutsk told Daily NK so.", "Someone who works at a site in Irkutsk"),
        ("중국의 한 수산물 가공공장 직원은 이같이 말했다.", "수산물 가공공장 직원"),
        ("북한 보위부 사정에 밝은 한 간부 소식통은 이같이 전했다.", "보위부 사정에 밝은 한 간부 소식통"),
        ("한 소식통(이르쿠츠크 건설 노동자)은 이같이 말했다.", "소식통(이르쿠츠크 건설 노동자)"),
    ):
        assert [("attribution", span)] == _kinds(checker, flagged + "\n", sources), flagged
    for clean in (
        "A second source in China confirmed the account.",
        "A Chinese source said the money moved through banks.",
        "A source in North Korea confirmed the account and said families receive little.",
        "A source in China said the manager told workers to keep quiet.",
        "A researcher at the Sejong Institute said the system was long-standing.",
        "중국의 복수 소식통이 이같이 전했다.",
        "신변 안전을 이유로 익명을 요구한 소식통은 이같이 말했다.",
        "관리원이 병원 이송을 막았다고 중국의 한 소식통이 전했다.",
        "한 소식통(러시아)은 이같이 말했다.",
        '"They rarely rest," a South Korean official said.',
        '"It is well known," said a researcher.',
        '통일부 당국자는 "외화벌이는 다 아는 사실"이라고 말했다.',
    ):
        assert [] == _kinds(checker, clean + "\n", sources), clean


def test_dates_in_more_forms_and_a_decimal_price_is_no_date(checker: ExposureChecker) -> None:
    sources = [material("amber-crane", "2026년 3월 14일 보위원이 위협했습니다."), material("birch-wren", "…")]
    for draft, span in (
        ("The threat came on 14.03.2026.", "14.03.2026"),  # day first, as Russian dates are written
        ("지난 3. 14. 밤 위협이 있었다.", "3. 14."),  # the official form without its year
        ("The threat came on 14/3.", "14/3"),  # 14 cannot be a month
        ("3·14 사건 이후 노동자들이 겁을 먹었다.", "3·14"),
    ):
        assert [("unique-detail", span)] == _kinds(checker, draft + "\n", sources), draft
    assert [] == _kinds(checker, "Rice sold for 3.14 yuan a kilo.\n", sources)


def test_when_and_to_whom_a_source_spoke_is_neither_a_detail_nor_a_description(checker: ExposureChecker) -> None:
    sources = [material("amber-crane", "2026년 3월 14일 보위원이 위협했습니다."), material("birch-wren", "…")]
    for clean in (
        "러시아의 한 소식통은 지난 14일 데일리NK와의 통화에서 이같이 말했다.",
        "14일 데일리NK와의 전화 통화에서 러시아의 한 소식통은 이같이 말했다.",
    ):
        assert [] == _kinds(checker, clean + "\n", sources), clean
    # After anyone but a source, 지난 14일 is the day of an event.
    assert [("unique-detail", "14일")] == _kinds(checker, "소식통은 보위원이 지난 14일 위협했다고 전했다.\n", sources)


def test_a_hangul_place_name_is_read_before_a_particle_or_suffix_only(checker: ExposureChecker) -> None:
    sources = [material("dusk-heron", "원산에서 왔다. 무산군 사람이다."), material("ember-lark", "…")]
    assert [("unique-detail", "원산")] == _kinds(checker, "그는 원산에서 일했다.\n", sources)
    # 원산지 is "origin", 무산됐다 "came to nothing": ordinary words, no place.
    assert [] == _kinds(checker, "원산지 표시가 무산됐다.\n", sources)


def test_a_korean_quote_is_also_found_by_its_words_of_meaning_and_a_source_by_a_relative_clause(
    checker: ExposureChecker,
) -> None:
    sources = [
        material("dusk-heron", "요즘 혜산에서는 밀수를 하다 잡히면 로동단련대에 보낸다."),
        material("ember-lark", "…"),
    ]
    quoted = '북한 내부 소식통은 "요즘 혜산에서는 밀수하다 잡히면 단련대에 보낸다"고 말했다.\n'
    assert ["quote"] == [kind for kind, _ in _kinds(checker, quoted, sources)]
    described = '"We rest once a month," said the source, who works on a building site.\n'
    assert [("attribution", "the source, who works on a building site")] == _kinds(checker, described, sources)
    assert [] == _kinds(checker, "The source, who lives in North Korea, said so.\n", sources)


def test_an_allowed_place_is_a_place_in_every_script_not_one_spelling(checker: ExposureChecker) -> None:
    """desk.toml's allowed_places names a place: "North Hamgyong Province" allows 함경북도 too."""
    sources = [material("amber-crane", "청진 수남시장에서 단속이 심합니다."), material("birch-wren", "…")]
    province = checker.allowing(["North Hamgyong Province"])
    for clean in ("함경북도 소식통은 단속이 심해졌다고 전했다.", "A source in North Hamgyong Province said so."):
        assert [] == _kinds(province, clean + "\n", sources), clean
        assert "attribution" in {k for k, _ in _kinds(checker, clean + "\n", sources)}, clean
    assert [("attribution", "청진의 한 소식통")] == [
        f for f in _kinds(province, "청진의 한 소식통은 단속이 심해졌다고 전했다.\n", sources) if f[0] == "attribution"
    ]


@pytest.mark.parametrize(
    ("text", "labelled", "flagged", "same"),
    [
        ("간부 임철남(Lim Chol-nam)이 돈을 받았다", "임철남", "Lim Chol-nam", True),
        ("돈은 홍상무역(鸿祥贸易)을 통해 바뀐다", "鸿祥贸易", "홍상무역", True),  # the label on the gloss
        ("간부 임철남이 돈을 받았다고 Lim Chol-nam의 동료가", "임철남", "Lim Chol-nam", False),  # not beside it
        ("he sent ₩1.5 million (150만 원) home", "₩1.5 million", "150만", True),  # the gloss's unit after it
        ("브로커 '털보'(the Beard)를 통한 송금", "털보", "Beard", True),  # a quotation mark and an article
        ("he sent ₩1.5 million (150만 원을 더) home", "₩1.5 million", "150만", False),  # more than a unit
    ],
)
def test_a_gloss_beside_a_labelled_detail_is_the_same_detail(
    text: str, labelled: str, flagged: str, same: bool
) -> None:
    """Labels mark a first spelling; its gloss in parentheses, flagged for the same source, is no wrong flag."""
    label = Exposure("detail", text.index(labelled), text.index(labelled) + len(labelled), "flint-otter")
    start = text.index(flagged)
    flag = Flag(UNIQUE_DETAIL, flagged, 1, start, start + len(flagged), "", ("flint-otter",))
    assert _gloss_of(flag, label, text) is same
    assert not _gloss_of(Flag(UNIQUE_DETAIL, flagged, 1, start, start + len(flagged), "", ("other",)), label, text)


def test_a_name_with_a_possessive_is_the_name(checker: ExposureChecker) -> None:
    sources = [material("amber-crane", "The dead man is Kim Chol-jin, from Sunchon."), material("birch-wren", "…")]
    assert [("Kim Chol-jin", ("amber-crane",))] == details_flagged(
        checker, "Kim Chol-jin's body was taken away by truck.\n", sources
    )
