"""English attributions by their structure: a job noun placed in or at a capitalised place, a place's
state after a comma, a conjunction before the subject; and what describes no source (a passive "is said
to", a record made by a group, "elsewhere" in an allowed place)."""

from __future__ import annotations

import pytest

from tipline.desk.workflow.attribution import AttributionFinder

ALLOWED = ("China", "North Korea", "Russia")


def _found(prose: str) -> list[str]:
    return [prose[s.start : s.end] for s in AttributionFinder(ALLOWED).find(prose)]


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        ('"The cranes stopped," a crane operator at Chongjin port said.', "a crane operator at Chongjin port"),
        ("A pharmacist in Hyesan told reporters that medicine ran out.", "A pharmacist in Hyesan"),
        ("A shop clerk in Dandong said the goods come at night.", "A shop clerk in Dandong"),
        # No known job word: an indefinite noun placed at a capitalised place is a person.
        ("A locksmith at Rajin market said the ship left at night.", "A locksmith at Rajin market"),
        ("A midwife at a clinic in Hoeryong said births fell.", "A midwife at a clinic in Hoeryong"),
        ("A stevedore at Wonsan harbour said the ship left at night.", "A stevedore at Wonsan harbour"),
    ],
)
def test_a_job_placed_in_a_finer_place_is_flagged(prose: str, span: str) -> None:
    assert _found(prose) == [span]


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        (
            "A restaurant owner in Ussuriysk, Primorsky Krai said the workers left.",
            "A restaurant owner in Ussuriysk, Primorsky Krai",
        ),
        ("A landlord in Dayton, Ohio told reporters the tenant paid in cash.", "A landlord in Dayton, Ohio"),
        # With a comma after the province too, and the kind of place in lower case.
        ("A fish buyer in Yanji, Jilin province, confirmed the deliveries.", "A fish buyer in Yanji, Jilin province"),
        # An aside between the subject and its verb: where the place lies.
        ("A coal trader in Tumen, across the river, said the trucks kept coming.", "A coal trader in Tumen"),
        ("A defector living in Suwon, south of Seoul, said his niece called.", "A defector living in Suwon"),
        # The one of a named ship or firm, whom few can be (a crew's words end in no agent's suffix).
        (
            "The bosun of the Ocean Pearl, who asked not to be named, said the cargo was coal.",
            "The bosun of the Ocean Pearl",
        ),
    ],
)
def test_a_city_and_its_state_after_a_comma_are_one_description(prose: str, span: str) -> None:
    assert _found(prose) == [span]


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        ("But a dock agent in Nampo said the ship never stopped.", "a dock agent in Nampo"),
        ("However, a ferry captain in Longkou said nothing changed.", "a ferry captain in Longkou"),
    ],
)
def test_a_conjunction_is_not_part_of_the_description(prose: str, span: str) -> None:
    assert _found(prose) == [span]


@pytest.mark.parametrize(
    "prose",
    [
        "But a source inside North Korea said the ship never stopped.",
        "However, a source in China said nothing changed.",
        "And a source in Russia said the same.",
    ],
)
def test_a_conjunction_does_not_make_a_region_only_attribution_finer(prose: str) -> None:
    assert _found(prose) == []


def test_a_person_named_in_the_story_is_no_attribution_unless_they_speak() -> None:
    talked_about = "A manager named Kim Yong-ho is said to take a cut from every shipment, sources said."
    assert _found(talked_about) == []
    assert _found("The workers were told to stay, a source in Russia said.") == []
    speaking = "An engineer named Pak Chol said the furnace was cold."
    assert _found(speaking) == ["An engineer named Pak Chol"]


def test_an_order_in_the_story_is_no_attribution_but_speaking_to_the_newsroom_is() -> None:
    order = "An overseer named Jo Sung-il told the loaders to keep quiet, a source in North Korea said."
    assert _found(order) == []
    warning = "A guard in Musan warned reporters to stay away from the bridge."
    assert _found(warning) == ["A guard in Musan"]
    assert _found("A guard in Musan told Daily NK that the bridge is watched.") == ["A guard in Musan"]


@pytest.mark.parametrize(
    "prose",
    [
        "Exports fell, according to trade data compiled by Chinese customs.",
        "Exports fell, according to figures published by researchers in Seoul.",
        "A report in Japan said exports fell.",
        # A publication or a body placed in a capitalised place is no described person either.
        "A commentary in Rodong Sinmun said the plan was met.",
        "A think tank in Seoul said exports fell.",
        "A spokesperson for the Korea Customs Service said fake cigarettes were seized.",
    ],
)
def test_a_record_and_the_group_that_made_it_are_no_source(prose: str) -> None:
    assert _found(prose) == []


@pytest.mark.parametrize(
    "prose",
    [
        "An official at the US Treasury Department said new sanctions were coming.",
        "A spokeswoman for the FBI in Washington said the case was open.",
        # On the record by trade, placed at a body in a capitalised place.
        "An analyst at a Seoul think tank said the figures are plausible.",
    ],
)
def test_public_bodies_and_trades_on_the_record_are_no_source(prose: str) -> None:
    assert _found(prose) == []


def test_a_customs_officer_at_a_finer_place_is_still_a_described_source() -> None:
    assert _found("A customs officer in Sinuiju said the gate was shut.") == ["A customs officer in Sinuiju"]


def test_a_record_from_one_described_person_is_an_attribution() -> None:
    prose = "Prices rose, according to documents provided by a clerk in Sinuiju."
    assert _found(prose) == ["documents provided by a clerk in Sinuiju"]


def test_elsewhere_in_an_allowed_place_is_no_finer_place() -> None:
    prose = "Harvests were seized, a source in North Korea and a source elsewhere in China said."
    assert _found(prose) == []
    assert _found("Harvests were seized, a source in Haeju said.") == ["a source in Haeju"]


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        # A definite description placed finer than a region describes a source as an indefinite one would.
        ("The head of a work team in Chongjin said the quota doubled.", "The head of a work team in Chongjin"),
        # An appositive after "said the source" describes it.
        (
            "The ship left at dawn, said the source, a welder at Nampho shipyard.",
            "the source, a welder at Nampho shipyard",
        ),
        # "named … and said": the subject ends before the first verb with its object.
        ("A source in China named the broker as Zhao and said he paid in cash.", None),
    ],
)
def test_definite_appositive_and_coordinated_subjects(prose: str, span: str | None) -> None:
    assert _found(prose) == ([span] if span else [])


@pytest.mark.parametrize(
    "prose",
    [
        "The head of the unit said the quota doubled.",  # someone already named
        "The officer said they would all be sent home.",  # a person of the story, whose words a source retells
        # Sources as a group, and a thing before whoever its clause names.
        "The Crow ran the ring, according to sources on both sides of the river.",
        "Most of it goes to Pyongyang, a source in Russia said, a figure in line with what defectors have described.",
        "Kim Kwang Hyok, the political instructor, wrote the death off as carelessness.",
        "None of the money reaches the workers, a source in China said.",  # the workers are not the speaker
    ],
)
def test_a_definite_subject_without_a_finer_place_and_an_object_before_an_attribution_pass(prose: str) -> None:
    assert _found(prose) == []


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        ("The broker said the fee had doubled.", "The broker"),
        ("Prices rose again in November, the foreman said.", "the foreman"),
        ("The farmer told Daily NK that the army took the rice.", "The farmer"),
    ],
)
def test_a_trade_named_alone_is_the_sources_own(prose: str, span: str) -> None:
    """ "The broker said": whom the story quotes by the work it does, a description finer than a country."""
    assert _found(prose) == [span]


@pytest.mark.parametrize(
    "prose",
    [
        "A Lao source said the workers left.",  # Laos is a country: its people say no more
        "Another Mongolian source said the workers left.",
        "A spokesman for South Korea's Unification Ministry, Kim Jae-won, said talks were off.",
        # A named speaker after an inverted "said": what comes before is what was said, not who.
        "Crossing at Manpo has long meant paying off border guards, said Lee Su-jin, an analyst in Seoul.",
    ],
)
def test_a_countrys_people_and_a_named_official_on_record_pass(prose: str) -> None:
    assert _found(prose) == []


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        ("A cousin of a guard in Hyesan, reached by phone, said the post was empty.", "A cousin of a guard in Hyesan"),
        ("The warehouse's night watchman said the trucks came at two.", "The warehouse's night watchman"),
        ("The trawler's second mate said the catch went to China.", "The trawler's second mate"),
        ('"We sleep in shifts," said one Chinese woman who works there.', "one Chinese woman who works there"),
    ],
)
def test_a_person_known_by_what_is_theirs_or_where_they_work_is_flagged(prose: str, span: str) -> None:
    assert _found(prose) == [span]


def test_a_firms_spokesman_speaks_on_the_record() -> None:
    assert _found("The company's spokesman said the report was false.") == []


def test_sources_inside_and_outside_a_country_are_no_finer() -> None:
    assert _found("Sources inside and outside North Korea said the order came in May.") == []


def test_a_group_that_publishes_figures_is_no_described_source() -> None:
    assert _found("Rice sold for 6,000 won, according to market monitors who publish prices weekly.") == []
    assert _found("The rooms are cold, according to workers who clean the Koryo Hotel.") != []


def test_the_one_who_did_something_is_described_and_writing_is_reporting() -> None:
    assert _found("The guard who opened the gate that night said nothing was logged.") == [
        "The guard who opened the gate that night"
    ]
    assert _found('"We are hungry," one of the women at the mill wrote.') == ["one of the women at the mill"]
    assert _found("The official who briefed reporters said talks would resume.") == []


def test_a_firms_spokesperson_is_on_the_record_but_not_a_north_korean_firms() -> None:
    assert _found("A spokesperson for the brand's parent company in Boston said it would review the audit.") == []
    assert _found("A spokesman for the North Korean company said the money was sent.") != []


def test_all_of_the_sources_is_no_description() -> None:
    assert _found("All three sources said the shipments stopped in May.") == []


def test_a_source_named_again_by_that_beside_an_allowed_one_passes() -> None:
    assert _found("Prices doubled, according to that source and a source in China.") == []
    assert _found("Prices doubled, according to that welder and a source in China.") != []


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        # A relation to the story, before or after the verb.
        ("Kim left for Russia in May, her brother said.", "her brother"),
        ("He was among those held, his relatives in Seoul said.", "his relatives in Seoul"),
        ("The money never came, said his cousin.", "his cousin"),
        # A trade alone after an inverted verb.
        ("The body was cremated, said the smuggler, and nobody asked.", "the smuggler"),
    ],
)
def test_a_relation_or_a_trade_after_an_inverted_verb_is_flagged(prose: str, span: str) -> None:
    assert _found(prose) == [span]


def test_an_inverted_verb_before_what_was_said_has_no_subject_after_it() -> None:
    assert _found("An ore dealer in Helong, across the river, said the concentrate kept coming.") == [
        "An ore dealer in Helong"
    ]
    assert _found("The officer was moved, said the guard.") == []  # a person of the story


def test_a_group_at_a_named_workplace_is_flagged_but_not_a_group_in_a_city() -> None:
    assert _found("Workers at the 2.8 Vinalon Complex say their leader has gone.") == [
        "Workers at the 2.8 Vinalon Complex"
    ]
    assert _found("Traders in Kaesong say the market closed.") == []


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        ("The trader, reachable on WeChat as dd_han77, said payments had stopped.", "The trader"),
        ("A landlord in Yanji, 朝鲜族, said they sleep by day.", "A landlord in Yanji"),
        ("The foreman put it bluntly: the worker fell.", "The foreman"),
        ("It was confirmed by a defector whose aunt lives in Sinuiju.", "a defector whose aunt lives in Sinuiju"),
        ("In a smuggler's words, nothing crosses now.", "a smuggler"),
    ],
)
def test_asides_accounts_and_confirmations_keep_their_subject(prose: str, span: str) -> None:
    assert _found(prose) == [span]


def test_a_long_relative_clause_still_describes_the_source() -> None:
    prose = "A former aid worker who checked on food aid to farms in Jaeryong from 2005 to 2008 said rations fell."
    assert _found(prose) == ["A former aid worker who checked on food aid to farms in Jaeryong from 2005 to 2008"]


@pytest.mark.parametrize(
    "prose",
    [
        "The Dongfeng cost $18,000, a source in China said, a figure a source in South Korea confirmed.",
        "That is $1 million a year, a sum in line with what UN Panel of Experts reports say.",
        "A source in South Korea gave the same figures and said the well was to blame.",
        '"I was a safety officer at a mine in Tanchon until 2019," said the source in the United Kingdom.',
    ],
)
def test_what_a_source_is_said_of_or_gave_is_not_its_description(prose: str) -> None:
    allowed = AttributionFinder(("China", "North Korea", "South Korea", "United Kingdom"))
    assert [] == [prose[s.start : s.end] for s in allowed.find(prose)]


def test_people_a_named_publication_quoted_are_on_its_record() -> None:
    prose = "Prices have risen, according to traders quoted by the Yanbian Daily, a Chinese state newspaper."
    assert _found(prose) == []
    assert _found("Prices have risen, according to traders in Yanji.") == []  # a group, in a city
    assert _found("Prices have risen, according to a trader in Yanji.") == ["a trader in Yanji"]


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        ("The widow of the dead worker said the company wrote to her in July.", "The widow of the dead worker"),
        (
            "He is known as «Молчун» — 'the Silent One' — said a crane operator on the site.",
            "a crane operator on the site",
        ),
    ],
)
def test_a_widow_of_the_story_and_a_trade_after_a_dash_are_described(prose: str, span: str) -> None:
    assert _found(prose) == [span]


def test_a_group_in_a_town_is_a_group_and_a_group_from_a_town_is_not() -> None:
    assert _found("Traders in Kilju say the crackdown was harsh.") == []
    assert _found("Workers from Osh say the pay is late.") == ["Workers from Osh"]


def test_defector_status_is_finer_than_a_country() -> None:
    assert _found("A defector in South Korea said the market closed.") == ["A defector in South Korea"]
    assert _found("A source in South Korea said the market closed.") == []


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        # Known by whom or what they belong to, before the verb or after an inverted one.
        ("The landlord of the clinic's building said the rent was late.", "The landlord of the clinic's building"),
        ("Typhoid is spreading in the camp, said the wife of an inmate held in cell 7.", None),
        # An aside after the subject, then the verb and what it reports (not an inverted subject).
        (
            "The broker, who works out of a phone-repair shop on Guangming Street, said a family had wired him money.",
            "The broker",
        ),
    ],
)
def test_a_person_known_by_what_they_belong_to_or_before_an_aside_is_described(prose: str, span: str | None) -> None:
    found = _found(prose)
    assert (span or "the wife of an inmate held in cell 7") in found
    assert not any("had wired" in f for f in found)


def test_a_finite_clause_after_said_is_what_is_said_not_who_says_it() -> None:
    """ "A driver was paid twice" after "said" is the report: its subject is no inverted speaker."""
    found = _found("The depot's night clerk, who keeps the logbook, said a driver from Hyesan was paid twice.")
    assert not any("driver" in f for f in found)


def test_an_economist_at_a_public_institute_is_on_the_record_and_one_at_a_local_bank_is_not() -> None:
    assert _found("Rice prices doubled, said an agricultural economist at the Korea Rural Policy Institute.") == []
    assert _found("Rice prices doubled, said an economist at a bank in Dandong.") == [
        "an economist at a bank in Dandong"
    ]


@pytest.mark.parametrize(
    ("prose", "span"),
    [
        ('"We had not been paid," one of the workers said.', "one of the workers"),
        (
            "One of the waitresses, a 24-year-old from Hamju County, said the women had not been paid.",
            "a 24-year-old from Hamju County",
        ),
    ],
)
def test_one_of_the_storys_crew_or_someone_by_their_age_is_described(prose: str, span: str) -> None:
    assert span in _found(prose)


def test_one_of_the_sources_is_no_description() -> None:
    assert _found('"We had not been paid," one of the sources said.') == []
