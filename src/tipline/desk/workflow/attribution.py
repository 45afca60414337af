"""Attributions found by their structure: the subject of said/told/according to, 따르면/말했다/전했다.

An attribution may say where a source is, down to a country or region (the allowed places), and
that it is a source, a resident or a worker; anything finer (a city, a job, a workplace, what the
person does) narrows who it can be and is flagged, with its exact span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from tipline.desk.workflow.attribution_korean import KoreanAttributions
from tipline.desk.workflow.attribution_words import (
    EN_ACCORDING,
    EN_ACCOUNT_OF,
    EN_ALLOWED,
    EN_ANONYMITY,
    EN_CLAUSE_BREAK,
    EN_CONJUNCTION,
    EN_COPULA,
    EN_INDEFINITE,
    EN_KIN,
    EN_NAMED_BODIES,
    EN_NORTH,
    EN_NOT_AGENTS,
    EN_ORDER,
    EN_PASSIVE,
    EN_PERSONS,
    EN_PLACED_HEAD,
    EN_PREPOSITIONS,
    EN_PUBLIC,
    EN_PUBLIC_BODIES,
    EN_PUBLIC_ROLES,
    EN_QUOTED_BY_PUBLICATION,
    EN_RECORD_BY,
    EN_RECORDS,
    EN_SOURCE_WHO,
    EN_STORY_ROLES,
    EN_VERB,
    RU_REPORTING_VERBS,
    RU_SOURCE,
    en_person,
)
from tipline.desk.workflow.gazetteer import place_by_name, trie_pattern

# Endings that make a people of a place (Laos → Lao, Mongolia → Mongolian, China → Chinese).
_PEOPLE_ENDINGS = ("ians", "ans", "ian", "ese", "ish", "is", "an", "i", "n", "s")
# A person's name in apposition at the end of a description: ", Lee Jae-won".
NAMED_AFTER = re.compile(r",\s+[A-Z][\w'’]*(?:[\s-]+[A-Z]?[\w'’]+){1,2}$")
# "The building's Lao owner", "the tanker's second mate": a person known by what is theirs, one of few.
PERSON_OF_NAMED = re.compile(r"[Tt]he\s+(?:[\w-]+\s+)?(?P<person>[\w-]+)\s+of\s+(?:the\s+)?[A-Z][\w'’-]*")
POSSESSED_PERSON = re.compile(r"the\s+[a-z-]+['’]s\s+(?:[\w-]+\s+){0,2}[\w-]+$", re.IGNORECASE)
SPOKESPERSON_FOR_FIRM = re.compile(
    r"(?:an?\s+|the\s+)?(?:spokesperson|spokesman|spokeswoman)\s+for\s+.*\b(?:company|firm|group|corporation|"
    r"brand|retailer|buyer|manufacturer|[A-Z][\w'’-]*(?:Inc|Ltd|Co|LLC))\b",
    re.IGNORECASE,
)
WORKS_THERE = re.compile(r"\bwork(?:s|ed|ing)?\s+(?:there|here)\b")
# A person's full name after an inverted "said" (said Park Ji-won): two capitalised parts, not a people.
EN_FULL_NAME_AFTER = re.compile(
    r"\s+(?!(?:North|South|Chinese|Korean|Russian|Russians|Koreans|The|A|An|One|Two|Three)\b)"
    r"[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)+\b"
)
# A verb in the past with its object: "A source in North Korea named the bride … and said": the subject
# ends before it.
EN_VERB_WITH_OBJECT = re.compile(
    r"\s(?:[a-z]+ed|gave|took|sent|made|got|saw|heard|knew|paid|kept|brought|bought|sold|found|left|met|showed|"
    r"wrote|gets|gives|sends|keeps|pays|has|had)\s+(?:the|a|an|him|her|them|his|their|its|this|that|these|those)\b"
)


@cache
def _region_names() -> frozenset[str]:
    return frozenset(name for name, place in place_by_name().items() if place.region)


@lru_cache(maxsize=256)
def _allowed_pattern(names: frozenset[str]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:the\s+)?{trie_pattern(names)}(?:'s)?\b")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


# A finite verb: what follows "said" is a clause it reports, not its inverted subject.
EN_FINITE = re.compile(r"\b(?:had|has|have|was|were|is|are|would|will|could|did)\b", re.IGNORECASE)


class AttributionFinder:
    def __init__(self, allowed_places: Iterable[str]) -> None:
        self.allowed = {p.lower() for p in allowed_places} | _region_names()
        # The places every desk allows (countries, large regions), then a desk's own: the longest name wins in
        # each. The first pattern is large and the same for every case, so it is made once.
        extra = frozenset(self.allowed - _region_names())
        self._allowed_patterns = [*([_allowed_pattern(extra)] if extra else []), _allowed_pattern(_region_names())]
        names = [n for n in self.allowed if n.isascii() and " " not in n]
        self._people_stems = frozenset({*names, *(n[:-1] for n in names if n[-1] in "aeiouys")})
        self._korean = KoreanAttributions(self.allowed)
        self._russian_stems = frozenset(
            word[:5] for name in self.allowed if re.search("[а-яё]", name) for word in name.split()
        )

    def find(self, prose: str) -> list[Span]:
        korean = (Span(start, end) for start, end in self._korean.find(prose))
        found = {*self._english(prose), *korean, *self._russian(prose)}
        return sorted(found, key=lambda s: (s.start, s.end))

    # English -----------------------------------------------------------------------------------

    def _english(self, prose: str) -> Iterator[Span]:
        for match in EN_SOURCE_WHO.finditer(prose):
            # "…," said the source, who works on a building site: a relative clause describes it too.
            yield from self._english_subject(prose, match.start(), match.end(), indefinite_only=False)
        for match in EN_ACCORDING.finditer(prose):
            stop = EN_CLAUSE_BREAK.search(prose, match.end())
            end = stop.start() if stop else len(prose)
            inner = re.search(r"\s(?:that|who said)\b", prose[match.end() : end])
            end = match.end() + inner.start() if inner else end
            yield from self._english_subject(prose, match.end(), end, indefinite_only=False)
        for match in EN_ACCOUNT_OF.finditer(prose):
            yield from self._english_subject(prose, match.start("who"), match.end("who"), indefinite_only=False)
        for match in EN_VERB.finditer(prose):
            if EN_PASSIVE.search(prose, 0, match.start()):
                continue  # "An official named Cha is said to pay …": talked about, not speaking
            if match.group().lower() in ("told", "tells", "warned") and EN_ORDER.match(prose, match.end()):
                continue  # "An official named Cha told workers to stay": an order in the story
            after = re.match(r"\s+(?:a|an|one|another|two|three|several)\b", prose[match.end() :], re.IGNORECASE)
            inverted = re.search(r"[,\"”'’—–]\s*$", prose[: match.start()])
            if inverted and EN_FULL_NAME_AFTER.match(prose, match.end()):
                continue  # "…, said Park Ji-won, a researcher at …": a named speaker, on the record
            # "…, said the worker.": a trade alone or a relation after an inverted verb, up to the clause's end
            # (not "…, said the guards are paid").
            definite = re.match(
                r"\s+(?:the|his|her|their)(?:\s+[\w'’-]+){0,2}\s+(?P<head>[\w'’-]+)\s*(?:[.,;:!?\n]|$)",
                prose[match.end() :],
                re.IGNORECASE,
            )
            after = after or (definite if definite and en_person(definite.group("head").lower()) else None)
            # "…, said the wife of an inmate held in cell No. 7", "…, said the manager of the building where …":
            # a person known by whom or what they belong to, up to the clause's end.
            belonging = re.match(r"\s+the\s+(?P<head>[\w'’-]+)\s+(?:of|at|on)\s", prose[match.end() :], re.IGNORECASE)
            after = after or (belonging if belonging and en_person(belonging.group("head").lower()) else None)
            stop = EN_CLAUSE_BREAK.search(prose, match.end())
            end = stop.start() if stop else len(prose)
            # "The broker, who works out of a shop, said a family had wired him": what is said, after an aside.
            relative = re.search(r"\b(?:who|whose|that|which)\b", prose[match.end() : end])
            reported = EN_FINITE.search(prose, match.end(), match.end() + relative.start() if relative else end)
            if after and inverted and not reported:  # "…, said a source who drives the site's truck."
                yield from self._english_subject(prose, match.end(), end, indefinite_only=True)
                continue
            end = match.start()
            clause = self._english_clause(prose, end)
            if clause is not None:
                start, end = clause
                verbs = list(EN_VERB.finditer(prose, start, end))
                first_verb = EN_VERB_WITH_OBJECT.search(prose, start, end)
                if re.search(r"\band\s*$", prose[start:end]) and (verbs or first_verb):
                    # "A source … confirmed the account and said": one subject, before the first verb
                    end = min(v.start() for v in [*verbs[:1], *([first_verb] if first_verb else [])])
                elif verbs:
                    start = verbs[-1].end()  # "A source said the manager told workers": told's subject is reported
                start = self._inner_subject(prose, start, end)
                yield from self._english_subject(prose, start, end, indefinite_only=True)

    @staticmethod
    def _inner_subject(prose: str, start: int, end: int) -> int:
        """Where the verb's own subject starts inside a clause that opens with what it is said of: "a figure a
        source in South Korea confirmed", "a sum in line with what UN reports say"."""
        text = prose[start:end]
        relative = list(re.finditer(r"(?<=\s)(?:what|which)\s", text))
        if relative:
            return start + relative[-1].end()
        for inner in re.finditer(r"(?<=\s)(?:a|an|one|another)\s", text):
            before = re.findall(r"[\w'’-]+", text[: inner.start()].lower())
            after = re.findall(r"[\w'’-]+", text[inner.start() :].lower())
            # A short noun phrase of a thing before it ("a figure"), not a sentence ("I was", "The ship is").
            phrase = 2 <= len(before) <= 3 and before[0] in ("a", "an", "the") and not EN_COPULA & set(before)
            thing = phrase and before[-1] not in EN_PREPOSITIONS and not any(map(en_person, before))
            if thing and any(map(en_person, after)):
                return start + inner.start()
        return start

    @staticmethod
    def _english_clause(prose: str, end: int) -> tuple[int, int] | None:
        """The subject before a reporting verb: back to the last comma, quote or full stop."""
        for _ in range(3):
            breaks = list(EN_CLAUSE_BREAK.finditer(prose, 0, end))
            start = breaks[-1].end() if breaks else 0
            clause = prose[start:end].strip().lower()
            # An aside between commas (who a source is, how it was reached, where its place lies: "across the
            # river", "south of Seoul") is skipped back to the subject before it.
            skipped = (
                "speaking", "who ", "asking", "reached", "contacted", "interviewed", "when reached", "across ",
                "south of ", "north of ", "east of ", "west of ", "near ", "not far from ", "outside ",
            )  # fmt: skip
            # So is an aside that opens with a participle or adjective ("reachable on WeChat as …", "based in
            # Seoul") or holds no Latin letter ("A landlord in Yanji, 朝鲜族, said").
            aside = clause.startswith(skipped) or bool(
                re.match(r"[a-z]+(?:ing|ed|able|ible)\b", clause) or not re.search(r"[a-z]", clause)
            )
            if (not clause or aside) and breaks:
                end = breaks[-1].start()  # "two sources, speaking on condition of anonymity, said"
                continue
            # Its name capitalised, and maybe the kind of place after it: "Jilin province", "Primorsky Krai".
            place = re.fullmatch(
                r"\s*(?:[A-Z][\w.'’-]*\s*){1,3}(?:(?:province|region|oblast|krai|county|district|state)\s*)?",
                prose[start:end],
            )
            if place and breaks and breaks[-1].group() == "," and re.search(r"[A-Z][\w.'’-]*\s*$", prose[: start - 1]):
                # "A business owner in Columbus, Ohio said", "A dealer in Hunchun, Jilin province, confirmed": a
                # place's state or province after a comma.
                earlier = list(EN_CLAUSE_BREAK.finditer(prose, 0, breaks[-1].start()))
                return (earlier[-1].end() if earlier else 0), end
            return start, end
        return None

    def _english_subject(self, prose: str, start: int, end: int, *, indefinite_only: bool) -> Iterator[Span]:
        text = prose[start:end]
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        conjunction = EN_CONJUNCTION.match(text)
        if conjunction:  # "However, a source …", "But a worker in Nampo said": the description starts after
            lead += conjunction.end()
            text = text[conjunction.end() :]
        text = EN_ANONYMITY.sub("", text)
        if EN_QUOTED_BY_PUBLICATION.search(text):
            return
        record = EN_RECORD_BY.match(text)
        record_words = re.findall(r"[\w'’-]+", record.group("record").lower()) if record else []
        if (
            record
            and not any(en_person(w) for w in record_words)
            and not re.match(r"(?:a|an|one|another)\b", record.group("by").strip(), re.IGNORECASE)
        ):
            return  # "price data gathered by Seoul-based monitors": a record, and no one person behind it
        words = re.findall(r"[\w'’-]+", text.lower())
        placed = EN_PLACED_HEAD.match(text)
        placed_person = placed is not None and placed.group("head") not in EN_RECORDS | EN_NOT_AGENTS
        person = any(en_person(w) for w in words) or placed_person
        # A relative clause may run long and still say who the source is ("who checked on food aid to farms in
        # Jaeryong from 2005 to 2008"); a subject that long without one is a sentence, not a description.
        described_by_clause = bool({"who", "whose"} & set(words[1:]))
        if not words or len(words) > (24 if described_by_clause else 14) or not person:
            return
        # Its noun before any preposition or clause names a person ("a Russian who works for …"), or it is none.
        before_any = r"\b(?:in|at|of|on|with|from|for|who|whose|that|which|near)\b"
        lead_words = re.findall(r"[\w'’-]+", re.split(before_any, text, maxsplit=1, flags=re.IGNORECASE)[0])
        lead_person = any(en_person(w.lower()) for w in lead_words) or any(w[0].isupper() for w in lead_words[1:])
        if words[0] in ("a", "an") and not lead_person and not placed:
            return  # "a figure in line with what defectors have described": a thing, whoever is in its clause
        # "A spokesman for South Korea's Unification Ministry, Lee Jae-won": on the record, named.
        named = NAMED_AFTER.search(text)
        unnamed = text[: named.start()] if named else text
        if self._public_official(re.findall(r"[\w'’-]+", unnamed.lower()), unnamed):
            return
        # The head before a relative clause says whether it is a group: "market trackers who publish prices".
        who = words.index("who", 1) if "who" in words[1:] else None
        head = words[:who] if who else words
        # "Workers in Russia", "sources on both sides of the river": a group, and sources are no more.
        determined = words[0] in EN_INDEFINITE | {"the", "his", "her", "their"}
        bare_plural = not determined and (head[-1].endswith("s") or words[0] == "sources")
        # "Workers at the 2.8 Vinalon Complex say", "Traders in Kilju say": a group known by its trade.
        lead_head = lead_words[-1].lower() if lead_words else ""
        trade_group = not (determined or bare_plural) and lead_head.endswith("s") and en_person(lead_head)
        rest = text.lower()
        for pattern in self._allowed_patterns:
            rest = pattern.sub(" ", rest)
        possessed = POSSESSED_PERSON.match(text)  # the building's owner, the tanker's second mate
        of_named = PERSON_OF_NAMED.match(text)
        definite_described = (
            self._placed_finer(rest, text)
            or (possessed is not None and en_person(words[-1]) and words[-1] not in EN_PUBLIC_ROLES)
            # "The driver who took the body to Tynda": the one who did it, whom few can be.
            or (words[0] == "the" and who is not None and en_person(head[-1]) and head[-1] not in EN_PUBLIC_ROLES)
            # "The boatswain of the Marina Star": the one of a named ship or firm, whom few can be.
            or (of_named is not None and en_person(of_named.group("person").lower()))
            # "His brother said", "his cousin in South Korea said", "the widow of the dead worker": a relation to
            # the story.
            or (words[0] in ("his", "her", "their") and any(w in EN_KIN for w in head[1:3]))
            or (words[0] == "the" and len(words) > 3 and words[1] in EN_KIN and words[2] == "of")
            # "the manager of the building where the restaurant rents its rooms", "the landlord of the clinic's
            # building": the one person a place or thing has in that post.
            or (
                words[0] == "the"
                and len(words) > 3
                and en_person(words[1])
                and words[2] in ("of", "at", "on")
                and words[1] not in EN_STORY_ROLES | EN_PUBLIC_ROLES | EN_NOT_AGENTS
            )
            # "The broker said": a trade alone, the source's own (not "the officer", a person of the story).
            or (
                words[0] == "the"
                and who is None
                and len(words) <= 3
                and en_person(words[-1])
                and words[-1] not in EN_STORY_ROLES | EN_PUBLIC_ROLES | EN_NOT_AGENTS
                and not words[-1].endswith("s")
            )
        )
        if indefinite_only and words[0] not in EN_INDEFINITE and not (bare_plural or trade_group or definite_described):
            # "the officer said": someone already named, not a source described; but "the head of a
            # neighbourhood unit in Hamhung said" describes one, by a place finer than a region.
            return
        words_left = (re.sub(r"['’]s$", "", w.strip("-'’")) for w in re.findall(r"[\w'’-]+", rest))
        remaining = [w for w in words_left if w not in EN_ALLOWED and not self._allowed_people(w)]
        if WORKS_THERE.search(rest):
            remaining.append("works there")  # one of the people at the workplace the story just named
        if bare_plural:
            # "Workers in Russia say …": a group, not a person; only a place finer than a region narrows it.
            remaining = [w for w in remaining if w in place_by_name() or self._capitalised(text, w)]
        if trade_group:
            # At a workplace or from a town, few enough to narrow; in a town ("Traders in Kilju"), a group.
            placed_at = re.search(r"\s(?:at|of|for|from)\s", text) is not None
            remaining = [w for w in remaining if placed_at and w not in place_by_name() and self._capitalised(text, w)]
        # "One of the workers said", "one of the waitresses": one of the story's own crew, whom few can be.
        member = (
            len(words) == 4 and words[:3] == ["one", "of", "the"] and en_person(words[3]) and words[3].endswith("s")
        )
        if remaining or (member and words[3] not in EN_PUBLIC_ROLES | EN_STORY_ROLES | {"sources", "informants"}):
            yield Span(start + lead, start + lead + len(text))

    @staticmethod
    def _public_official(words: list[str], text: str = "") -> bool:
        """ "A Unification Ministry official", "a spokesperson for the State Department", "a researcher at the
        Sejong Institute": on the record. A capitalised word beside a public body is part of its name."""
        bare = [re.sub(r"['’]s$", "", w) for w in words]
        described = [w for w in bare if w not in EN_INDEFINITE and w not in ("the", "of", "and")]
        named = any(w in EN_NAMED_BODIES for w in described)
        names = {w.lower() for w in re.findall(r"\b[A-Z][\w'’-]*", text)} if named else set()
        # "A South Korean official", "a US official": a government official of a country that briefs the press.
        briefing = any(w in ("south", "us", "u", "american", "japanese") for w in described) and any(
            w in EN_PUBLIC_ROLES for w in described
        )
        # "A spokesperson for Northcape's parent company in Boston": a firm's voice speaks for the firm.
        firm_voice = bool(SPOKESPERSON_FOR_FIRM.match(text)) and not any(w in EN_NORTH for w in described)
        return firm_voice or (
            (briefing or any(w in EN_PUBLIC_BODIES for w in described))
            and not any(w in EN_NORTH for w in described)
            and all(w in EN_PUBLIC or (w in names and w not in place_by_name()) for w in described)
        )

    def _allowed_people(self, word: str) -> bool:
        """An allowed place's people (a Lao source: Laos), by the same endings gazetteer.region_adjective reads."""
        return any(word.removesuffix(e) in self._people_stems for e in ("", *_PEOPLE_ENDINGS) if word.endswith(e))

    @staticmethod
    def _placed_finer(rest: str, text: str) -> bool:
        """A definite description ("the …") placed finer than the allowed places ("in Hamhung")."""
        return text[:4].lower() == "the " and any(
            place_by_name().get(w) is not None and not place_by_name()[w].common
            for w in re.findall(r"\b(?:in|at|near|from)\s+([a-z'’-]+)", rest)
        )

    @staticmethod
    def _capitalised(text: str, word: str) -> bool:
        return bool(re.search(rf"\b{re.escape(word[:1].upper() + word[1:])}\b", text)) and word not in EN_PERSONS

    # Russian -----------------------------------------------------------------------------------

    def _russian(self, prose: str) -> Iterator[Span]:
        """ "источник в России" passes; "источник, работающий водителем на стройке" does not."""
        for match in RU_SOURCE.finditer(prose):
            stop = re.search(r"[.;:!?()\n—]", prose[match.end() :])
            tail = prose[match.end() : match.end() + stop.start() if stop else len(prose)]
            if not self._plain_russian_tail(tail):
                yield Span(match.start(), match.end() + len(tail.rstrip()))

    def _plain_russian_tail(self, tail: str) -> bool:
        clauses = [c.strip().lower() for c in tail.split(",")]
        verbs = "|".join(RU_REPORTING_VERBS)
        for index, clause in enumerate(clauses):
            if not clause or clause.split()[0] in RU_REPORTING_VERBS or "анонимн" in clause:
                continue
            place = re.match(r"^(?:в|во|из|на)\s+(.+?)(?:\s+(?:" + verbs + r")\b.*)?$", clause)
            if index == 0 and place and all(self._allowed_russian(p) for p in re.split(r"\s+и\s+", place.group(1))):
                continue
            first = clause.split()[0]
            if index > 0 and not (first.startswith("котор") or re.search(r"(ющий|ящий|вший|щийся)$", first)):
                continue  # the next clause of the sentence, not about the source
            return False
        return True

    def _allowed_russian(self, place: str) -> bool:
        """An allowed place in any case Russian puts it in (на Дальнем Востоке России = Дальний Восток): each
        word met by the first five letters of a word of an allowed name."""
        words = re.sub(r"^(?:в|во|из|на)\s+", "", place.strip()).split()
        return bool(words) and all(w[:5] in self._russian_stems for w in words)
