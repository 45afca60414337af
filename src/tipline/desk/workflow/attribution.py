"""Attributions found by their structure: the subject of said/told/according to, 따르면/말했다/전했다.

An attribution may say where a source is, down to a country or region (the allowed places), and
that it is a source, a resident or a worker; anything finer (a city, a job, a workplace, what the
person does) narrows who it can be and is flagged, with its exact span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tipline.desk.workflow.attribution_words import (
    EN_ACCORDING,
    EN_ALLOWED,
    EN_ANONYMITY,
    EN_CLAUSE_BREAK,
    EN_CONJUNCTION,
    EN_INDEFINITE,
    EN_NAMED_BODIES,
    EN_NORTH,
    EN_NOT_AGENTS,
    EN_ORDER,
    EN_PASSIVE,
    EN_PERSONS,
    EN_PLACED_HEAD,
    EN_PUBLIC,
    EN_PUBLIC_BODIES,
    EN_PUBLIC_ROLES,
    EN_RECORD_BY,
    EN_RECORDS,
    EN_SOURCE_WHO,
    EN_STORY_ROLES,
    EN_VERB,
    RU_REPORTING_VERBS,
    RU_SOURCE,
    en_person,
)
from tipline.desk.workflow.attribution_words_ko import (
    KO_ALLOWED_WORDS,
    KO_BRIEFING_GOVERNMENTS,
    KO_GENERIC_HEADS,
    KO_GOVERNMENT_BODY,
    KO_HEAD,
    KO_INDEFINITE_HEAD,
    KO_NORTH,
    KO_NOT_INDEFINITE,
    KO_NOT_INDEFINITE_HEADS,
    KO_PARENTHESIS,
    KO_PARTICLE,
    KO_PUBLIC,
    KO_PUBLIC_HEADS,
    KO_QUOTED_THEN_SPEAKER,
    KO_REPORTING,
    KO_SPEAKER_TOPIC,
    KO_WHEN_OR_TO_WHOM,
    korean_boundary,
    korean_head_word,
    korean_public_agency,
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
LATIN_GLOSS = re.compile(r"(?<=[가-힣])\([A-Za-z0-9 .&-]+\)")
# A person's full name after an inverted "said" (said Park Ji-won): two capitalised parts, not a people.
EN_FULL_NAME_AFTER = re.compile(
    r"\s+(?!(?:North|South|Chinese|Korean|Russian|Russians|Koreans|The|A|An|One|Two|Three)\b)"
    r"[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)+\b"
)
# Where a Korean sentence ends: at a point after Hangul, a quotation mark or a bracket (…했다.), not at the
# point of a date or a decimal (9.18 아침, 3.5톤) nor of initials ('K.W. Tan'이라고).
KO_SENTENCE_END = re.compile(r"[!?。\n]|(?<=[가-힣\"”'’)\]])\.(?!\d)")
# A verb in the past with its object: "A source in North Korea named the bride … and said": the subject
# ends before it.
EN_VERB_WITH_OBJECT = re.compile(r"\s[a-z]+ed\s+(?:the|a|an|him|her|them|his|their|its|this|that)\b")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


class AttributionFinder:
    def __init__(self, allowed_places: Iterable[str]) -> None:
        self.allowed = {p.lower() for p in allowed_places}
        for name, place in place_by_name().items():
            if place.region:
                self.allowed.add(name)
        # One pattern for every allowed place (every country is one): the longest name wins.
        self._allowed_pattern = re.compile(rf"\b(?:the\s+)?{trie_pattern(self.allowed)}(?:'s)?\b")
        names = [n for n in self.allowed if n.isascii() and " " not in n]
        self._people_stems = frozenset({*names, *(n[:-1] for n in names if n[-1] in "aeiouys")})
        self._russian_stems = frozenset(
            word[:5] for name in self.allowed if re.search("[а-яё]", name) for word in name.split()
        )

    def find(self, prose: str) -> list[Span]:
        found = {*self._english(prose), *self._korean(prose), *self._russian(prose)}
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
        for match in EN_VERB.finditer(prose):
            if EN_PASSIVE.search(prose, 0, match.start()):
                continue  # "An official named Cha is said to pay …": talked about, not speaking
            if match.group().lower() in ("told", "tells", "warned") and EN_ORDER.match(prose, match.end()):
                continue  # "An official named Cha told workers to stay": an order in the story
            after = re.match(r"\s+(?:a|an|one|another|two|three|several)\b", prose[match.end() :], re.IGNORECASE)
            inverted = re.search(r"[,\"”]\s*$", prose[: match.start()])
            if inverted and EN_FULL_NAME_AFTER.match(prose, match.end()):
                continue  # "…, said Park Ji-won, a researcher at …": a named speaker, on the record
            if after and inverted:  # "…, said a source who drives the site's truck."
                stop = EN_CLAUSE_BREAK.search(prose, match.end())
                end = stop.start() if stop else len(prose)
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

                yield from self._english_subject(prose, start, end, indefinite_only=True)

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
            if (not clause or clause.startswith(skipped)) and breaks:
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
        if not words or len(words) > 14 or not person:
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
        bare_plural = (
            words[0] not in EN_INDEFINITE and words[0] != "the" and (head[-1].endswith("s") or words[0] == "sources")
        )
        rest = text.lower()
        rest = self._allowed_pattern.sub(" ", rest)
        possessed = POSSESSED_PERSON.match(text)  # the building's owner, the tanker's second mate
        of_named = PERSON_OF_NAMED.match(text)
        definite_described = (
            self._placed_finer(rest, text)
            or (possessed is not None and en_person(words[-1]) and words[-1] not in EN_PUBLIC_ROLES)
            # "The driver who took the body to Tynda": the one who did it, whom few can be.
            or (words[0] == "the" and who is not None and en_person(head[-1]) and head[-1] not in EN_PUBLIC_ROLES)
            # "The boatswain of the Marina Star": the one of a named ship or firm, whom few can be.
            or (of_named is not None and en_person(of_named.group("person").lower()))
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
        if indefinite_only and words[0] not in EN_INDEFINITE and not bare_plural and not definite_described:
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
        if remaining:
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

    # Korean ------------------------------------------------------------------------------------

    def _korean(self, prose: str) -> Iterator[Span]:
        described = prose
        # 한 장외거래(OTC) 업자는: a gloss in Latin letters is read as a space, so the head after it is found.
        prose = LATIN_GLOSS.sub(lambda m: " " * len(m.group()), prose)
        for match in KO_PARENTHESIS.finditer(described):
            # 한 소식통(이르쿠츠크 건설 노동자)은: the parenthesis describes the source as a phrase before it would.
            if not all(self._allowed_korean_word(w) for w in match.group("inside").split()):
                start = self._korean_description_start(prose, match.start())
                yield Span(match.start() if start is None else start, match.end("close"))
        for match in KO_HEAD.finditer(prose):
            head = match.group(1)
            if head != "소식통" and match.start() > 0 and re.match(r"[가-힣]", prose[match.start() - 1]):
                continue  # 노동자 inside 파견노동자 …: part of a longer word
            if korean_head_word(head):
                yield from self._korean_head(prose, match.start(), match.end(), generic=head in KO_GENERIC_HEADS)
        for match in KO_INDEFINITE_HEAD.finditer(prose):
            # "신원군의 한 주부는 … 말했다": whoever "한" introduces as the speaker is a person, named by any
            # noun; described finer than a region, it narrows the source like a known head would.
            before = prose[: match.start()].split()
            if match.group("head") in KO_NOT_INDEFINITE_HEADS or (before and KO_NOT_INDEFINITE.search(before[-1])):
                continue
            yield from self._korean_head(prose, match.start("head"), match.end("head"), generic=True)

    def _korean_head(self, prose: str, head_start: int, head_end: int, *, generic: bool) -> Iterator[Span]:
        """The description of the source named by the head noun at head_start, when it says too much."""
        head = prose[head_start:head_end]
        sentence_end = KO_SENTENCE_END.search(prose[head_end:])
        sentence = prose[head_end : head_end + sentence_end.start() if sentence_end else len(prose)]
        if head != "소식통" and (not KO_REPORTING.search(sentence) or KO_QUOTED_THEN_SPEAKER.search(sentence)):
            return
        sentence_start = max(m.end() for m in re.finditer(rf"(?:^|{KO_SENTENCE_END.pattern})", prose[:head_start]))
        if head != "소식통" and KO_SPEAKER_TOPIC.search(prose[sentence_start:head_start]):
            return
        start = self._korean_description_start(prose, head_start)
        if start is not None and head in KO_PUBLIC_HEADS:
            before = prose[max(sentence_start, prose.rfind("\n", 0, start) + 1) : start].split()[-2:]
            before = [w for w in before if not korean_boundary(w)]  # 북한 당국 관계자: 북한 too
            if self._korean_public(" ".join([*before, prose[start:head_start]])):
                return
        if start is not None:
            yield Span(start, head_end)
        elif not generic:
            line_start = prose.rfind("\n", 0, head_start) + 1
            word_start = max(line_start, prose.rfind(" ", 0, head_start) + 1)
            yield Span(word_start, head_end)  # a job: 중개인, 운전수 … is too specific by itself

    def _korean_description_start(self, prose: str, head: int) -> int | None:
        """Start of a description finer than a region before a head noun; None when it is only a region."""
        line_start = prose.rfind("\n", 0, head) + 1
        words = list(re.finditer(r"\S+", prose[line_start:head]))
        kept: list[re.Match[str]] = []
        glued = prose[line_start:head]
        if glued and not glued[-1].isspace():
            kept_word = words.pop() if words else None  # "북한내부소식통": the word glued to the head
            if kept_word is not None:
                kept.append(kept_word)
        for word in reversed(words):
            if kept and not re.search(r"\w", word.group()):
                break  # 남포의 무연탄이 다롄으로 — 중국 소식통: a headline's dash ends the phrase before the source
            # "간부 소식통", "무역업자 소식통": a job right before the head describes it (no particle between).
            job = not kept and korean_head_word(word.group()) and word.group() not in KO_GENERIC_HEADS
            # "인천에 사는 탈북민 소식통": who the source is, glued to the head without a particle, says no more
            # than the head does; what is before it still describes the source.
            who = word.group() in KO_GENERIC_HEADS and all(w.group() in KO_GENERIC_HEADS for w in kept)
            if (korean_boundary(word.group()) and not (job or who)) or len(kept) >= 6:
                break
            kept.append(word)
            if word.group().startswith("익명을"):
                break  # "신변 안전을 이유로 익명을 요구한 소식통": what comes before is why, not who
            if word.group().startswith(("(", "（", "[")) and not re.search(r"[)）\]]", word.group()):
                break  # "연락처 195 6613 0872 (황해남도 소식통)": the source is described inside the brackets
        start = None
        for word in kept:
            if not self._allowed_korean_word(word.group()) and word.group() not in KO_GENERIC_HEADS:
                start = line_start + word.start()
        return start

    def _korean_public(self, description: str) -> bool:
        """통일부 관계자, 정부 관계자: a public body on the record, not North Korean."""
        words = [KO_PARTICLE.sub("", w.strip("(\"'“‘[")) for w in description.split()]
        briefing = any(w in KO_BRIEFING_GOVERNMENTS for w in words)
        public = [
            w in KO_PUBLIC or korean_public_agency(w) or (briefing and bool(KO_GOVERNMENT_BODY.fullmatch(w)))
            for w in words
        ]
        return (
            any(public)
            and not any(w in KO_NORTH for w in words)
            and all(p or self._allowed_korean_word(w) for p, w in zip(public, words, strict=True))
        )

    def _allowed_korean_word(self, word: str) -> bool:
        word = re.sub(r"\([^()]*\)", "", word).strip("(\"'“‘[")  # 자유아시아방송(RFA)에: the outlet, by either name
        if not re.search(r"\w", word):
            return True  # — 평안남도 소식통: a dash or a bullet describes no one
        if word in KO_ALLOWED_WORDS or KO_WHEN_OR_TO_WHOM.fullmatch(word):
            return True
        bare = KO_PARTICLE.sub("", word)
        bare = re.sub(r"(?:지역|일대|내부|현지|내)$", "", bare)
        # 중국인, 한국인: a person of an allowed country says no more than the country; 주민인 ("who is a
        # resident"): a generic head and the copula say no more than the head (노동자인: a trade, does).
        person = bare.endswith("인") and (bare[:-1].lower() in self.allowed or bare[:-1] in KO_GENERIC_HEADS)
        return bare.lower() in self.allowed or bare in KO_ALLOWED_WORDS or bare == "" or person
