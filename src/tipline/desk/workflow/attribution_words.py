"""The English (and Russian) words and patterns attributions are read by: reporting verbs, who a
source may be said to be (a source, a resident, a worker), jobs, kin and agent nouns, public bodies.
attribution.py reads prose with them; this module only names them, so that a word added for one
reason is seen beside the others of its kind. The Korean ones are in attribution_words_ko.py.
"""

from __future__ import annotations

import re

# English ---------------------------------------------------------------------------------------

EN_VERBS = (
    "said|says|say|told|tells|added|adds|confirmed|explained|claimed|alleged|described|insisted|reported|noted|"
    "recalled|warned|agreed|stated|wrote|writes|texted|recounted|complained|admitted|acknowledged|revealed|"
    "stressed|remarked|mentioned|messaged|put it"
)
EN_ACCORDING = re.compile(
    r"\b(?:according to|in the words of|(?:confirmed|reported|described|recounted|corroborated|relayed)\s+by"
    r"(?=\s+(?:a|an|one|another)\b))\s+",
    re.IGNORECASE,
)
# "by one worker's account", "in a trader's words": whose account it is.
EN_ACCOUNT_OF = re.compile(
    r"\b(?:by|in|on)\s+(?P<who>(?:a|an|one|another|the|his|her|their)\s+[^.,;:!?()\n\"“”]*?)['’]s?\s+"
    r"(?:account|words|estimate|reckoning|telling|recollection)\b",
    re.IGNORECASE,
)
EN_VERB = re.compile(rf"\b(?:{EN_VERBS})\b", re.IGNORECASE)
# A point inside a number ("the 2.8 Vinalon Complex") ends no clause.
EN_CLAUSE_BREAK = re.compile(r"(?<!\d)\.|\.(?!\d)|[;:!?()\[\]\"“”\n—]|,")
EN_INDEFINITE = frozenset(
    ["a", "an", "one", "another", "two", "three", "four", "several", "multiple", "some", "other", "both", "many",
     # An indefinite pronoun opens a described person as "a" does: "someone who works at the site said".
     "someone", "somebody"]
)  # fmt: skip
# People an attribution may name without saying more than the allowed places (shared with EN_PERSONS).
_EN_GENERIC_PERSONS = frozenset(
    [
        "source",
        "sources",
        "person",
        "people",
        "resident",
        "residents",
        "worker",
        "workers",
        "laborer",
        "laborers",
        "labourer",
        "labourers",
        "insider",
        "insiders",
        "contact",
        "contacts",
        "individual",
        "someone",
        "somebody",
        "man",
        "men",
        "woman",
        "women",
    ]
)
EN_ALLOWED = (
    EN_INDEFINITE
    | _EN_GENERIC_PERSONS
    | frozenset(
        [
            "of",
            "them",
            "the",
            # "according to that source and a source in China": one already placed, named again
            "that",
            "this",
            "these",
            "those",
            "north",
            "south",
            "korean",
            "koreans",
            "in",
            "from",
            "inside",
            "outside",
            "all",
            "based",
            "and",
            "or",
            "speaking",
            "on",
            "condition",
            "anonymity",
            "anonymous",
            "anonymously",
            "who",
            "asked",
            "not",
            "to",
            "be",
            "named",
            "identified",
            "daily",
            "nk",
            "newsroom",
            "our",
            "also",
            "familiar",
            "with",
            "matter",
            # "sources inside the country", "in the region", "a source in the province", "a source there": a
            # back-reference to an allowed place already named (a finer one is named, and caught, on its own).
            "country",
            "region",
            "province",
            "area",
            "there",
            # "a source elsewhere in North Korea": somewhere else in an allowed place is no finer place.
            "elsewhere",
            # Where a source lives or works, down to an allowed place, and that it knows the matter.
            "living",
            "working",
            "residing",
            "staying",
            "lives",
            "live",
            "works",
            "work",
            "stays",
            "is",
            "are",
            "was",
            "were",
            "dispatched",
            "sent",
            "stationed",
            "knowledge",
            "situation",
            "affairs",
            "close",
            "knowledgeable",
            # Who know the matter, and when or how they said it: "people who know it", "two sources
            # nonetheless said", "sources, however, said".
            "know",
            "knows",
            "it",
            "nonetheless",
            "nevertheless",
            "however",
            "still",
            "though",
            "too",
            "both",
            "independently",
            "separately",
            "likewise",
            "again",
            # "A second source in China", "a separate source": which source, not who it is.
            "second",
            "third",
            "separate",
            "different",
            # A nationality of an allowed country says no more than the country ("a Chinese source").
            "chinese",
            "russian",
            "russians",
            "mongolian",
            "japanese",
            # The newsroom's own outlet: "an NK News source", "an RFA source".
            "news",
            "rfa",
            "radio",
            "free",
            "asia",
        ]
    )
)
# Kin: "the mother of a worker" is one of a few hundred families, not anyone in a country; "his brother said"
# names the source by a relation to the story.
EN_KIN = frozenset(
    ["mother", "father", "parent", "parents", "daughter", "daughters", "son", "sons", "wife", "husband", "sister",
     "sisters", "brother", "brothers", "uncle", "aunt", "nephew", "niece", "relative", "relatives", "cousin",
     "cousins", "friend", "friends", "neighbor", "neighbour", "colleague", "colleagues", "acquaintance", "family",
     "widow", "widower", "fiancee", "fiancée", "in-law", "grandmother", "grandfather", "grandson", "granddaughter"]
)  # fmt: skip
EN_PERSONS = (
    _EN_GENERIC_PERSONS
    | EN_KIN
    | frozenset(
        [
            "head",  # the head of a neighbourhood unit, of a work team
            "mate",  # a ship's second mate
            # A ship's crew, whose words end in no agent's suffix.
            "boatswain",
            "bosun",
            "deckhand",
            "deckhands",
            "crewman",
            "chief",
            "broker",
            "brokers",
            "trader",
            "traders",
            "merchant",
            "merchants",
            "driver",
            "drivers",
            "officer",
            "officers",
            "official",
            "officials",
            "employee",
            "employees",
            "manager",
            "managers",
            "cadre",
            "cadres",
            "smuggler",
            "smugglers",
            "guard",
            "guards",
            "engineer",
            "engineers",
            "cook",
            "cooks",
            "doctor",
            "doctors",
            "teacher",
            "teachers",
            "student",
            "students",
            "foreman",
            "foremen",
            "supervisor",
            "supervisors",
            "middleman",
            "middlemen",
            "dealer",
            "dealers",
            "changer",
            "changers",
            "minder",
            "minders",
            "interpreter",
            "waitress",
            "waitresses",
            "fisherman",
            "fishermen",
            "farmer",
            "farmers",
            "soldier",
            "soldiers",
            "miner",
            "miners",
            "nurse",
            "nurses",
            "staff",
            "staffer",
            "member",
            "members",
            "boss",
            "owner",
            "operator",
            # Jobs an agent suffix does not mark: an agent, a clerk, a hand on a ship or a farm.
            "agent",
            "agents",
            "accountant",
            "accountants",
            "clerk",
            "clerks",
            "attendant",
            "attendants",
            "assistant",
            "assistants",
            "consultant",
            "consultants",
            "mechanic",
            "mechanics",
            "chef",
            "chefs",
            "pilot",
            "pilots",
            "captain",
            "captains",
            "crew",
            "stevedore",
            "stevedores",
            "peasant",
            "peasants",
            "tenant",
            "tenants",
            "landlord",
            "landlady",
            "housewife",
            "housewives",
            "retiree",
            "retirees",
            "owners",
            "operators",
            "bosses",
            "executive",
            "executives",
        ]
    )
)
# Any other person named by a job: a noun made with an agent suffix (supervisor, middleman, smuggler,
# seamstress). A subject that holds one and is not only a public body is read as describing a person.
EN_AGENT = re.compile(r"^[a-z]{3,}(?:er|or|man|men|woman|women|ist|ess)s?$")
# Words with those endings that are not people, as subjects of "said" in the press: reports, papers, orders.
EN_NOT_AGENTS = frozenset(
    ["paper", "newspaper", "letter", "order", "border", "number", "matter", "center", "centre", "register",
     "poster", "chapter", "quarter", "corner", "memorandum", "monitor", "sector", "factor", "error", "mirror",
     "floor", "door", "layer", "tower", "power", "water", "weather", "winter", "summer", "november", "october",
     "december", "september", "other", "another", "together", "however", "whether", "either", "neither", "rather",
     "further", "never", "after", "over", "under", "ever", "former", "latter", "later", "earlier", "senior",
     "junior", "inferior", "interior", "exterior", "manner", "dinner",
     # People who speak on the record by trade: researchers, analysts and lawmakers are quoted by name.
     "researcher", "researchers", "professor", "professors", "analyst", "analysts", "lawmaker", "lawmakers",
     "reporter", "reporters", "commentator", "commentators", "observer", "observers"]
)  # fmt: skip

# A conjunction or sentence adverb opens a clause, never a description: "But a source in China said".
EN_CONJUNCTION = re.compile(
    r"^(?:(?:but|however|and|yet|still|meanwhile|also|so|then|instead|now|moreover|indeed|separately|likewise|"
    r"similarly|nonetheless|nevertheless|though|although)\b[,\s]*)+",
    re.IGNORECASE,
)
# Words after which "a …" is an object, not a new subject ("a relative of one of the detained").
EN_PREPOSITIONS = frozenset(
    ["in", "of", "at", "with", "to", "for", "from", "by", "on", "as", "than", "like", "about", "near", "into", "and",
     "or", "among", "between", "under", "over", "across", "through", "via", "per"]
)  # fmt: skip
EN_COPULA = frozenset(["is", "are", "was", "were", "be", "been", "has", "have", "had"])
# "X is said to pay …", "X was told to leave": a passive reporting verb; its subject is who is talked about
# or told, not a source.
EN_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:(?:also|widely|reportedly|often|not)\s+)*$", re.I)
# "The manager told workers to stay home": told or warned someone (not the newsroom, reporters, us) to do
# something is an order in the story, not its subject speaking to the newsroom.
EN_ORDER = re.compile(
    r"\s+(?!(?:reporters|journalists|us|me|this)\b)(?:[a-z][\w'’-]*\s+){1,3}?to\s+"
    r"(?!(?:the|a|an|us|me|him|her|them|their|his|its|our|my|your)\b)[a-z]+\b"
)
# "A shipping agent in Longkou said": an indefinite subject whose noun is placed in or at a capitalised
# place is a person described by a job, whatever the noun, unless it names a record or a thing.
EN_PLACED_HEAD = re.compile(
    r"^(?i:a|an|one|another)\s+(?:[\w'’-]+\s+){0,3}?(?P<head>[a-z][\w-]*)\s+(?:in|at|from|near|for|with)\s+.*?\b[A-Z]"
)
# What "says" without being a person: records, publications and bodies ("A commentary in Rodong Sinmun
# said", "a think tank in Seoul said"): a placed subject headed by one of these is no described source.
EN_RECORDS = frozenset(
    ["report", "reports", "document", "documents", "statement", "study", "survey", "notice", "letter", "memo",
     "article", "broadcast", "video", "photo", "photograph", "post", "message", "data", "figure", "figures",
     "record", "records", "estimate", "estimates", "analysis", "dispatch", "cable", "order", "decree", "sign",
     "poster", "leaflet", "ledger", "list", "petition", "complaint", "filing", "ruling", "court", "company",
     "firm", "newspaper", "outlet", "website", "site", "account", "group", "organisation", "organization",
     "commentary", "editorial", "column", "bulletin", "announcement", "release", "poll", "investigation",
     "inquiry", "review", "paper", "journal", "magazine", "network", "channel", "station", "ngo", "charity",
     "church", "hospital", "clinic", "school", "university", "institute", "tank", "bank", "ministry", "agency",
     "office", "committee", "council", "government", "embassy", "consulate", "union", "association", "party",
     "team", "unit", "program", "programme", "project", "campaign", "book", "paper", "textbook", "lecture"]
)  # fmt: skip
# "price data gathered by Seoul-based monitors": a record and who made it; its makers speak for no one
# unless one person is singled out ("documents provided by a worker in Nampo").
EN_RECORD_BY = re.compile(
    r"^(?P<record>.*?)\b(?:gathered|compiled|collected|published|released|issued|kept|produced|prepared|"
    r"conducted|tracked|analy[sz]ed|obtained|provided)\s+by\s+(?P<by>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "…, said the source, who drives a truck" and "…, said the source, a shunter at Rajin station".
EN_SOURCE_WHO = re.compile(
    r"\b(?:the|this|that)\s+(?:source|resident|worker|person|defector|insider|contact)s?,\s+who\s+[^.,;:!?()\n—\"“”]*"
    r"|(?<=(?:said|says|told|adds)\s)(?:the|this|that)\s+(?:source|resident|worker|person|defector|insider|contact),"
    r"\s+an?\s+[^.,;:!?()\n—\"“”]*",
    re.IGNORECASE,
)
# "traders quoted by the Yanbian Daily": people a named publication quoted are on its record, not our sources.
EN_QUOTED_BY_PUBLICATION = re.compile(r"\b(?:quoted|cited|interviewed)\s+by\s+(?:the\s+)?[A-Z]")
# "…, who requested anonymity for safety reasons": why the source is unnamed says nothing about who it is.
EN_ANONYMITY = re.compile(
    r",?\s+(?:who|after)\s+(?:requested|requesting|asked|asking|spoke|speaking|insisted|declined|did not want|"
    r"wished|was granted|were granted)\b.*?\b(?:anonymity|named|identified|name)\b.*$",
    re.IGNORECASE | re.DOTALL,
)
# Public bodies speaking on the record ("A Unification Ministry official", "a spokesperson for the State
# Department"): not a confidential source, so not an attribution that narrows one — unless North Korean.
# Researchers and lawmakers at named institutions ("a researcher at the Sejong Institute") speak on the
# record as well: their institution is public, and so is who they are.
EN_PUBLIC_BODIES = frozenset(
    ["ministry", "government", "department", "nis", "un", "agency", "office", "intelligence", "seoul", "washington",
     "tokyo", "military", "police", "embassy", "kremlin", "unification", "institute", "university", "center",
     "centre", "foundation", "council", "assembly", "parliament", "commission", "committee", "customs",
     # A named government's departments: the US Treasury, the FBI, the Justice Department, the Pentagon.
     "treasury", "fbi", "cia", "justice", "commerce", "pentagon", "congress", "senate", "bureau"]
)  # fmt: skip
EN_PUBLIC = EN_PUBLIC_BODIES | frozenset(
    ["official", "officials", "spokesperson", "spokesman", "spokeswoman", "foreign", "defense", "defence", "customs",
     "state", "united", "nations", "presidential", "national", "service", "for", "at", "s", "korea",
     "south", "korean", "american", "japanese", "russian", "chinese", "us", "u", "senior", "spokespeople",
     "representative", "researcher", "researchers", "professor", "professors", "analyst", "analysts", "expert",
     "experts", "scholar", "scholars", "fellow", "director", "lawmaker", "lawmakers", "diplomat", "diplomats",
     "member", "head", "chief", "economist", "economists", "agricultural", "political", "economic", "senior",
     # Where a public body sits ("a police official in Seoul"): a finer place is not in this list.
     "in"]
)  # fmt: skip
EN_PUBLIC_ROLES = frozenset(
    ["official", "officials", "spokesperson", "spokesman", "spokeswoman", "spokespeople", "diplomat", "diplomats"]
)
# People a story is about, whose words a source retells ("the officer said they would be sent home"): "the
# officer said" names someone the story placed, not a source. A trade named alone ("the broker said",
# "the foreman said") is a source's: whom the story quotes by the work it does.
EN_STORY_ROLES = frozenset(
    ["officer", "official", "guard", "agent", "police", "policeman", "commander", "chairman", "director", "boss",
     "captain", "cadre", "prosecutor", "inspector", "minister", "leader", "chief", "head", "soldier", "manager",
     "secretary", "member", "source", "person", "man", "woman", "defector", "resident", "owner", "instructor"]
)  # fmt: skip
# Bodies whose own names are free (the Sejong Institute, Kyungnam University): a ministry's name is not,
# since the Ministry of State Security is North Korean.
EN_NAMED_BODIES = frozenset(["institute", "university", "center", "centre", "foundation"])
EN_NORTH = frozenset(["north", "dprk", "pyongyang"])


def en_person(word: str) -> bool:
    """Does this word name a person: a source, a job, kin, any agent noun (supervisor, middleman), or someone
    by their age (a 24-year-old)?"""
    return (
        word in EN_PERSONS
        or (bool(EN_AGENT.match(word)) and word not in EN_NOT_AGENTS)
        or bool(re.fullmatch(r"\d{1,2}-year-olds?", word))
    )


# Russian ---------------------------------------------------------------------------------------

RU_SOURCE = re.compile(r"\bисточник(?:и|а|ом|ов|ам|у)?\b", re.IGNORECASE)
RU_REPORTING_VERBS = (
    "сказал", "сказала", "сказали", "сообщил", "сообщила", "сообщили", "рассказал", "рассказала", "рассказали",
    "заявил", "заявила", "заявили",
)  # fmt: skip
