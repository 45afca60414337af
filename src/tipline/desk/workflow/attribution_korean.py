"""Korean attributions by their structure: a head (소식통, a job, kin, whoever 한 introduces) that tells
(따르면, 말했다, 전했다), and the words before it that describe the source finer than the allowed places.
attribution.py reads English and Russian and joins these spans to its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tipline.desk.workflow.attribution_words_ko import (
    KO_ALLOWED_WORDS,
    KO_BRIEFING_GOVERNMENTS,
    KO_GENERIC_HEADS,
    KO_GLUED_JOBS,
    KO_GOVERNMENT_BODY,
    KO_HAN_JOB_HEAD,
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
    KO_QUOTED_WITH_MYEO,
    KO_REPORTING,
    KO_SPEAKER_TOPIC,
    KO_STORY_ROLES,
    KO_WHEN_OR_TO_WHOM,
    korean_boundary,
    korean_head_word,
    korean_public_agency,
)
from tipline.desk.workflow.rarity import korean_zipf

# A defector or a source, maybe named by an initial, whose kin the story names (탈북민 A씨의 언니).
KO_KIN_OF_SOURCE = re.compile(
    r"(?P<who>탈북민|탈북자|소식통)(?:\s?[A-Z]\s?씨)?의\s(?:언니|오빠|형|누나|동생|여동생|남동생|어머니|아버지|아들|딸|"
    r"남편|아내|가족|친척|조카|사촌)"
)
# A head that is the subject of the sentence's own reporting verb: …고 현장의 한 이주노동자가 전했다.
KO_TELLS_AT_END = re.compile(r"(?:이|가)\s(?:[가-힣]+\s)?(?:전했|말했|밝혔|증언했|설명했)")
LATIN_GLOSS = re.compile(r"(?<=[가-힣])\([A-Za-z0-9 .&-]+\)")
# Where a Korean sentence ends: at a point after Hangul, a quotation mark or a bracket (…했다.), not at the
# point of a date or a decimal (9.18 아침, 3.5톤) nor of initials ('K.W. Tan'이라고).
KO_SENTENCE_END = re.compile(r"[!?。\n]|(?<=[가-힣\"”'’)\]])\.(?!\d)")


class KoreanAttributions:
    def __init__(self, allowed: set[str]) -> None:
        self.allowed = allowed

    def find(self, prose: str) -> Iterator[tuple[int, int]]:
        described = prose
        # 한 장외거래(OTC) 업자는: a gloss in Latin letters is read as a space, so the head after it is found.
        prose = LATIN_GLOSS.sub(lambda m: " " * len(m.group()), prose)
        for match in KO_PARENTHESIS.finditer(described):
            # 한 소식통(이르쿠츠크 건설 노동자)은: the parenthesis describes the source as a phrase before it would.
            inside = match.group("inside")
            if re.fullmatch(r"[A-ZА-ЯЁ][\w'’-]*(?:\s+[A-ZА-ЯЁ][\w'’-]*){1,3}", inside):
                continue  # 수간호사(Ким Ён Сун): a person of the story by name, not a source described
            if not all(self._allowed_word(w) for w in inside.split()):
                start = self._description_start(prose, match.start())
                yield (match.start() if start is None else start, match.end("close"))
        for match in KO_HEAD.finditer(prose):
            head, start = match.group(1), match.start()
            # 현장감독, 구호요원, 건설노동자: a job that ends a compound naming a narrower job, read from the job.
            glued = [job for job in KO_GLUED_JOBS if head.endswith(job)]
            if glued and not korean_head_word(head):
                head, start = glued[0], match.end() - len(glued[0])
            elif head != "소식통" and start > 0 and re.match(r"[가-힣]", prose[start - 1]) and not glued:
                continue  # 노동자 inside 파견노동자 …: part of a longer word
            if korean_head_word(head):
                yield from self._head(prose, start, match.end(), generic=head in KO_GENERIC_HEADS)
        for match in KO_HAN_JOB_HEAD.finditer(prose):
            yield from self._head(prose, match.start(), match.end(), generic=False)
        for match in KO_INDEFINITE_HEAD.finditer(prose):
            # "신원군의 한 주부는 … 말했다": whoever "한" introduces as the speaker is a person, named by any
            # noun; described finer than a region, it narrows the source like a known head would.
            before = prose[: match.start()].split()
            if match.group("head") in KO_NOT_INDEFINITE_HEADS or (before and KO_NOT_INDEFINITE.search(before[-1])):
                continue
            yield from self._head(prose, match.start("head"), match.end("head"), generic=True)
        for match in KO_KIN_OF_SOURCE.finditer(prose):
            # 재령 출신 탈북민의 여동생은, 대전에 사는 탈북민 A씨의 언니: the source described by whose kin the story
            # names, though no verb says it told.
            start = self._description_start(prose, match.start())
            if start is not None:
                yield (start, match.end("who"))

    def _head(self, prose: str, head_start: int, head_end: int, *, generic: bool) -> Iterator[tuple[int, int]]:
        """The description of the source named by the head noun at head_start, when it says too much."""
        head = prose[head_start:head_end]
        sentence_end = KO_SENTENCE_END.search(prose[head_end:])
        sentence = prose[head_end : head_end + sentence_end.start() if sentence_end else len(prose)]
        reported = KO_REPORTING.search(sentence) or (
            head not in KO_STORY_ROLES and KO_QUOTED_WITH_MYEO.search(sentence)
        )
        if head != "소식통" and (not reported or KO_QUOTED_THEN_SPEAKER.search(sentence)):
            return
        sentence_start = max(m.end() for m in re.finditer(rf"(?:^|{KO_SENTENCE_END.pattern})", prose[:head_start]))
        if head != "소식통" and self._someone_else_speaks(prose, sentence_start, head_start, head_end):
            return
        start = self._description_start(prose, head_start)
        if start is not None and head in KO_PUBLIC_HEADS:
            before = prose[max(sentence_start, prose.rfind("\n", 0, start) + 1) : start].split()[-2:]
            before = [w for w in before if not korean_boundary(w)]  # 북한 당국 관계자: 북한 too
            if self._public(" ".join([*before, prose[start:head_start]])):
                return
        if start is not None:
            yield (start, head_end)
        elif not generic:
            line_start = prose.rfind("\n", 0, head_start) + 1
            word_start = max(line_start, prose.rfind(" ", 0, head_start) + 1)
            yield (word_start, head_end)  # a job: 중개인, 운전수 … is too specific by itself

    @staticmethod
    def _someone_else_speaks(prose: str, sentence_start: int, head_start: int, head_end: int) -> bool:
        """Does a speaker named earlier in the sentence (소식통은 …) tell of this head's person? Not if the earlier
        one is inside what this head reports (한 노동자는 … 건넸다고 현장의 한 이주노동자가 전했다). (Whom a speaker
        heard it from, 어머니에게서 들었다고, labellers read both ways: it stays the speaker's story.)"""
        topics = list(KO_SPEAKER_TOPIC.finditer(prose, sentence_start, head_start))
        if not topics:
            return False
        after = prose[head_end : head_end + 40]
        quoted_before = re.search(r"(?:다|라)고\s", prose[topics[-1].end() : head_start])
        return not (quoted_before and KO_TELLS_AT_END.match(after))

    def _description_start(self, prose: str, head: int) -> int | None:
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
            # 살고 있는, 일하고 있던: a verb's progressive form, one phrase with what follows, not a clause's end.
            progressive = word.group().endswith("고") and bool(kept) and kept[-1].group().startswith("있")
            # 이 금액은 나이지리아 소식통이 밝힌 것과 같다: a noun the sentence is about (topic 은) is no description.
            topic = word.group().endswith("은") and len(word.group()) >= 3 and korean_zipf(word.group()[:-1]) >= 3.5
            boundary = korean_boundary(word.group()) or topic
            if (boundary and not (job or who or progressive)) or len(kept) >= 6:
                break
            kept.append(word)
            if word.group().startswith("익명을"):
                break  # "신변 안전을 이유로 익명을 요구한 소식통": what comes before is why, not who
            if word.group().startswith(("(", "（", "[")) and not re.search(r"[)）\]]", word.group()):
                break  # "연락처 195 6613 0872 (황해남도 소식통)": the source is described inside the brackets
        start = None
        for word in kept:
            if not self._allowed_word(word.group()) and word.group() not in KO_GENERIC_HEADS:
                start = line_start + word.start()
        return start

    def _public(self, description: str) -> bool:
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
            and all(p or self._allowed_word(w) for p, w in zip(public, words, strict=True))
        )

    def _allowed_word(self, word: str) -> bool:
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
