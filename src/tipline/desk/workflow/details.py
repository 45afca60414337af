"""Identifying details of a text — names, places, numbers, dates, rare words — each with its comparison keys.

Keys are script-free (see normalise.py): ``d:03-14`` a date, ``n:42000`` a number, ``p:dandong`` a
place, ``k:이광혁`` a Korean (or Hanja-read) noun, ``r:ikwanghyok`` the romanisation skeleton of a
Korean name, ``w:camry`` a Latin-script word, ``y:hongxiang`` toneless pinyin (PyPI ``pypinyin``) of
Chinese material, met by a Latin word of the draft. A detail of a draft points to a source when one of its
keys is found in that source's material and no other's.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable

from pypinyin import Style, lazy_pinyin
from wordfreq import zipf_frequency

from tipline.desk.workflow.birth_years import find_birth_years
from tipline.desk.workflow.dates import Add, find_dates
from tipline.desk.workflow.detail_item import NAME, PLACE, TERM, TITLE, WORD, Item
from tipline.desk.workflow.gazetteer import place_by_name, place_pattern, region_adjective
from tipline.desk.workflow.goods import goods_key, goods_keys_in
from tipline.desk.workflow.han_keys import han_segments, han_spellings, mandarin_key, pinyin_key, pinyin_text_key
from tipline.desk.workflow.korean_names import (
    HANGUL_SURNAMES,
    KOREAN_NAMES,
    KOREAN_SURNAMES,
    KOREAN_SURNAMES_LATIN,
    LOOSE_NAME,
    PRIVATE_NAMES,
    hanja_name_readings,
    korean_person,
    surname_reading,
)
from tipline.desk.workflow.korean_runs import foreign_name_keys, korean_runs, spaced_compounds
from tipline.desk.workflow.loanwords import (
    CYRILLIC_WORD,
    consonant_key,
    cyrillic_latin,
    hangul_consonants,
    kontsevich_latin,
    latin_consonants,
    loose_keys,
    nasal,
)
from tipline.desk.workflow.named_places import banks, neighbourhoods, russian_streets, workplaces
from tipline.desk.workflow.nicknames import (
    CYRILLIC_SURNAMES,
    SURNAME_SKELETONS,
    addressed,
    cyrillic_surname_key,
    koryo_surname_key,
    surnamed,
)
from tipline.desk.workflow.normalise import (
    SKELETON_MIN,
    hangul_skeleton,
    hanja_reading,
    latin_skeleton,
    southern,
)
from tipline.desk.workflow.numbers import NUMBER, derived_totals, find_numbers
from tipline.desk.workflow.people_counts import find_people_counts
from tipline.desk.workflow.positions import positions_in
from tipline.desk.workflow.rarity import RARE_ZIPF, chinese_is_ordinary, english_is_rare, korean_is_rare, korean_zipf
from tipline.desk.workflow.stems import (
    han_place_name,
    han_stem_keys,
    hangul_stem_keys,
    latin_stem_keys,
)
from tipline.desk.workflow.terms import BRAND, COINED, term_keys
from tipline.desk.workflow.text import HANGUL, Korean
from tipline.desk.workflow.transcription import chinese_person, hangul_of_han

# McCune–Reischauer keeps its apostrophes after a hyphen too: Kyŏng-ch'ŏl is one word.
# A word in Latin letters, with its inner apostrophes (O'Brien) but not a possessive's (Kim Chol-jin's: the name
# is Kim Chol-jin).
_LATIN_PART = r"[A-Za-zÀ-ɏ](?:[A-Za-zÀ-ɏ]|['’](?!s\b)(?=[A-Za-zÀ-ɏ]))*"
LATIN_WORD = re.compile(rf"{_LATIN_PART}(?:-{_LATIN_PART})*")
KOREAN_PARTICLES = frozenset("의에은는이가을를과와도로")
# Particles no verb ending spells (과, 이나, 에서 …, not 은 or 는: 일하는 is a verb), after 2-4 syllables.
UNKNOWN_BEFORE_PARTICLE = re.compile(
    r"(?<![가-힣])(?P<name>[가-힣]{2,4}?)(?:과|와|이나|에서|으로|까지|부터|에게|이라는|라는)(?![가-힣])"
)
# A handle (a messenger ID, a username): letters and digits joined by an underscore (cbliu_1978, hc_maoxie88),
# or lower-case letters ending in digits (sunda88); glued to a Korean particle too (capkim_remit으로).
HANDLE = re.compile(r"(?<![A-Za-z0-9_.@])(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+|[a-z]{3,}[0-9]{2,})(?![A-Za-z0-9_])")
# Below this frequency a word may be a loanword another source wrote in its own script (diesel, дизельное).
LOANWORD_ZIPF = 4.5


def _korean_full_name_keys(word: str, *, proper: bool) -> list[str]:
    """박영수: its writer knows a Mr. Pak; 조명철이, a name as it is called (its 이 no part of it), is 조명철,
    however the tagger read it (a surname and two syllables that are no word)."""
    if word[0] not in HANGUL_SURNAMES or len(word) not in (3, 4) or (len(word) == 4 and word[-1] != "이"):
        return []
    if not (proper or (len(word) == 4 and korean_zipf(word[:3]) == 0)):
        return []
    called = [f"k:{southern(word[:3])}", f"r:{hangul_skeleton(word[:3])}"] if len(word) == 4 else []
    return [*called, f"^a:r:{hangul_skeleton(word[0])}"]


class Extractor:
    def __init__(self, korean: Korean, allowed_places: Iterable[str] = ()) -> None:
        self.korean = korean
        self.allowed = {p.lower() for p in allowed_places}

    def items(self, text: str, *, material: bool = False, today: datetime.date | None = None) -> list[Item]:
        taken: list[tuple[int, int]] = []
        found: list[Item] = []

        def add(
            start: int,
            end: int,
            keys: Iterable[str],
            what: str,
            rare: bool,
            *,
            groups: tuple[frozenset[str], ...] = (),
            rare_spellings: frozenset[str] = frozenset(),
        ) -> None:
            keys = frozenset(k for k in (*keys, goods_key(text[start:end])) if k)  # 무연탄 = anthracite (goods.py)
            keys |= {f"rn:{nasal(k[2:])}" for k in keys if k.startswith("r:")}  # as Cyrillic spells it: loanwords.nasal
            if keys and not any(s < end and start < e for s, e in taken):
                if start < end:  # a held key (no span of its own) leaves its place to be read
                    taken.append((start, end))
                found.append(Item(start, end, keys, what, rare, groups, rare_spellings))

        for match in HANDLE.finditer(text):  # cbliu_1978, capkim_remit으로: an account's name, before its digits
            # Material holds it without a span, leaving its words to be read too (renhe_yj0771: 仁和 = Renhe).
            add(match.start(), match.start() if material else match.end(), [f"h:{match.group().lower()}"], NAME, True)
        find_dates(text, add, today, material=material)
        find_birth_years(text, add, today, material=material)
        banks(text, add)  # before the places: the Bank of Dandong is a bank
        for match in place_pattern().finditer(text):
            place = place_by_name()[match.group().lower()]
            allowed = place.region or match.group().lower() in self.allowed or place.id in self.allowed
            # 김책시 is the 김책 another source wrote without its head (a name the gazetteer leaves out alone:
            # it is a person's too): the place holds the name's word as well.
            written = match.group()
            bare = [f"k:{southern(written[:-1])}"] if re.fullmatch(r"[가-힣]{2,}[시군]", written) else []
            add(match.start(), match.end(), [f"p:{place.id}", *bare], PLACE, not (allowed or place.common))
        for match in neighbourhoods(text):
            name = match.group("n")
            skeleton = hangul_skeleton(name)
            keys = [f"k:{southern(name)}", f"r:{skeleton}" if len(skeleton) >= SKELETON_MIN else ""]
            add(match.start("n"), match.end("n"), keys, PLACE, True)
        for start, end, keys in addressed(text):  # 老金, Mr. Jang, 장씨
            add(start, end, keys, NAME, True)
        for start, _, keys in surnamed(text) if material else ():  # 姓张, "surnamed Jang": held, not flagged
            add(start, start, keys, NAME, False)  # no span: the name's own item keeps its keys
        private = [(m, True) for pattern in PRIVATE_NAMES for m in pattern.finditer(text)]
        loose = LOOSE_NAME.finditer(text) if material else ()
        private += [(m, True) for m in loose if _loose_name(m.group("name"), self.korean)]
        for match, private_person in [*private, *((m, False) for p in KOREAN_NAMES for m in p.finditer(text))]:
            name = match.group("name")
            if not private_person and (
                korean_zipf(name) >= RARE_ZIPF
                or (name[-1] in "이가은는을를의과와도에로만" and korean_zipf(name[:-1]) >= RARE_ZIPF)
            ):
                continue  # 관리원 모두가: a word and its particle, not a name; 김정은 위원장: a public name
            skeleton = hangul_skeleton(name)
            keys = [f"k:{southern(name)}", f"r:{skeleton}" if len(skeleton) >= SKELETON_MIN else ""]
            keys.append(f"^a:r:{hangul_skeleton(name[0])}")  # who wrote 한명철 knows a Mr. Han (nicknames.py)
            rare = private_person or korean_is_rare(name, proper=True)
            add(match.start("name"), match.end("name"), keys, NAME, rare)
        for match in BRAND.finditer(text):
            name = match.group("name")
            skeleton = hangul_skeleton(name) if HANGUL.search(name) else latin_skeleton(name)
            keys = [f"k:{southern(name)}" if HANGUL.search(name) else f"w:{name.lower()}", f"r:{skeleton}"]
            add(match.start("name"), match.end("name"), keys, NAME, True)
        for start, end, keys in positions_in(text):  # 3중대장, the farm's chairman: one person
            # Material holds it without a span, leaving its words to the name or nickname they may begin
            # (Директор Пак is a Mr. Pak and a manager; Бригадир Вадим Сорокин a name and a foreman).
            add(start, start if material else end, keys, TITLE, not material)
        workplaces(text, add, material=material)
        russian_streets(text, add)  # улица Шувалова: a street, whatever its name's rarity
        for match in (m for pattern in COINED for m in pattern.finditer(text)):
            add(match.start("name"), match.end("name"), term_keys(match.group("name")), TERM, True)
        find_people_counts(text, add, material=material)  # before the numbers: 7명 is seven people
        find_numbers(text, add)
        for end, keys in derived_totals(text) if material else ():  # 9,800 tons at $62: the $607,600 it makes
            add(end, end, keys, NUMBER, True)
        goods = goods_keys_in(text)
        self._words(text, add, taken, goods, material=material)
        for _, end, key in goods if material else ():  # held wherever written, never flagged
            add(end, end, [key], WORD, False)
        return sorted(found, key=lambda item: item.start)

    def _words(
        self, text: str, add: Add, taken: list[tuple[int, int]], goods: list[tuple[int, int, str]], *, material: bool
    ) -> None:
        self._korean_words(text, add, goods, material=material)
        self._han_words(text, add, taken, material=material)
        self._latin_words(text, add)
        self._cyrillic_words(text, add)
        self._russian_words(text, add)

    @staticmethod
    def _russian_words(text: str, add: Add) -> None:
        """Every other Russian word, by its loose consonants only (дизельное = 디젤유): it shares, never points."""
        for match in re.finditer(r"[а-яё]{4,}", text):
            if zipf_frequency(match.group(), "ru") < LOANWORD_ZIPF:
                add(
                    match.start(),
                    match.end(),
                    loose_keys(match.group(), "cyrillic"),
                    WORD,
                    False,
                )

    @staticmethod
    def _cyrillic_words(text: str, add: Add) -> None:
        """Capitalised Russian words and runs: a Korean name by Kontsevich (Рим Чхун Гиль) or a foreign name."""
        words = list(CYRILLIC_WORD.finditer(text))
        index = 0
        while index < len(words):
            run = [words[index]]
            while index + len(run) < len(words) and len(run) < 3:
                following = words[index + len(run)]
                if text[run[-1].end() : following.start()] != " ":
                    break
                run.append(following)
            spelled = [m.group() for m in run]
            skeleton = latin_skeleton(kontsevich_latin(" ".join(spelled)))
            keys = [f"r:{skeleton}" if len(skeleton) >= SKELETON_MIN else "", f"w:{' '.join(spelled).lower()}"]
            if spelled[0] in CYRILLIC_SURNAMES:  # Ким alone is a Mr. Kim; Пак Чхоль Мин's writer knows a Mr. Pak
                keys.append(("" if len(spelled) == 1 else "^") + cyrillic_surname_key(spelled[0]))
            # A place the gazetteer knows, spelled as Russian writes Korean (Раджин = Rajin).
            places = [place_by_name().get(kontsevich_latin(w).replace(" ", "")) for w in spelled]
            keys += [f"p:{place.id}" for place in places if place]
            rare_words = [w for w in spelled if zipf_frequency(w.lower(), "ru") < RARE_ZIPF]
            if places and all(place and (place.region or place.common) for place in places):
                rare_words = []
            keys += [consonant_key(latin_consonants(cyrillic_latin(w))) for w in [" ".join(spelled), *rare_words]]
            keys += [
                key
                for w in spelled
                if zipf_frequency(w.lower(), "ru") < LOANWORD_ZIPF
                for key in loose_keys(w, "cyrillic")
            ]
            # And each two names of the run: Директор Геннадий Лукин is the 겐나디 루킨 a draft prints, a person's
            # name however common each of its words is in Russian.
            pairs = {consonant_key(latin_consonants(cyrillic_latin(a + b))) for a, b in itertools.pairwise(spelled)}
            rare = bool(rare_words)
            add(run[0].start(), run[-1].end(), [*keys, *pairs], NAME, rare, rare_spellings=frozenset(pairs - {""}))
            index += len(run)

    def _korean_words(self, text: str, add: Add, goods: list[tuple[int, int, str]], *, material: bool) -> None:
        if HANGUL.search(text):
            compounds = korean_runs(self.korean, text)
            # Common nouns of the tagger's dictionary (징발, 양곡, 군량미): ordinary, where wordfreq lacks them.
            dictionary = {(t.start, t.end) for t in self.korean.tokens(text) if t.tag == "NNG" and t.known}
            for index, (start, end, proper, parts) in enumerate(compounds):
                if any(s <= start and end < e and HANGUL.match(text[end]) for s, e, _ in goods):
                    continue  # 손전 of 손전화, as the tagger cut it: a piece of a word goods.py knows, no name
                word = text[start:end]
                skeleton = hangul_skeleton(word)
                keys = [f"k:{southern(word)}", f"r:{skeleton}" if len(skeleton) >= SKELETON_MIN else ""]
                keys.append(f"k:{''.join(southern(part) for part in parts)}" if len(parts) > 1 else "")
                keys += hangul_stem_keys(word)
                keys += foreign_name_keys(text, compounds, index)
                keys += _korean_full_name_keys(word, proper=proper)
                if korean_zipf(word) == 0:  # a loanword, maybe: 디젤유 is the diesel another source wrote
                    keys += loose_keys(word, "hangul")
                known = (start, end) in dictionary
                rare = korean_is_rare(word, proper=proper, parts=parts, known=known)
                if len(word) >= 3 and rare:  # 자루비노 = Zarubino
                    keys.append(consonant_key(hangul_consonants(word)))
                if len(word) >= 3 and word[-1] in KOREAN_PARTICLES:  # the tagger kept a particle: 강서군의
                    keys += [f"k:{southern(word[:-1])}", *hangul_stem_keys(word[:-1])]
                if material and len(parts) > 1 and len(parts[0]) >= 2 and self._proper(text, start, parts[0]):
                    # A company is named by its proper part: 해왕수산 is "Haewang Fisheries" in English.
                    head = hangul_skeleton(parts[0])
                    keys += [f"k:{southern(parts[0])}", f"r:{head}" if len(head) >= SKELETON_MIN else ""]
                add(start, end, keys, NAME if proper else WORD, rare)
            if material:  # held, never flagged: a draft's 중국옷 is not one source's for its spacing
                for _, end, _, parts in spaced_compounds(self.korean, text):  # no span: its words keep theirs
                    add(end, end, [f"k:{''.join(southern(part) for part in parts)}"], WORD, False)
            for match in UNKNOWN_BEFORE_PARTICLE.finditer(text):
                # A name the tagger did not know as a noun (재령과, 재령이나: it reads a verb in it), known by the
                # particle after it and by being no word at all.
                name = match.group("name")
                plural = name.endswith("들") and korean_zipf(name[:-1]) > 0  # 손님들에게: guests, no name
                if korean_zipf(name) == 0 and not plural and korean_is_rare(name, proper=True):
                    skeleton = hangul_skeleton(name)
                    keys = [f"k:{southern(name)}", f"r:{skeleton}" if len(skeleton) >= SKELETON_MIN else ""]
                    add(match.start("name"), match.end("name"), [*keys, *hangul_stem_keys(name)], NAME, True)

    @staticmethod
    def _han_words(text: str, add: Add, taken: list[tuple[int, int]], *, material: bool) -> None:
        for start, end in han_segments(text, taken):
            han = text[start:end]
            reading = southern(hanja_reading(han))
            han_keys = {f"k:{r}" for r in hanja_name_readings(han)}
            if len(han) <= 6:  # a name, as Korean writes it by its Mandarin sound (龙口 = 룽커우)
                han_keys |= {f"k:{southern(h)}" for h in hangul_of_han(han)} | set(han_stem_keys(han))
            groups = []
            names: set[str] = set()
            if material:  # Chinese has no spaces: any 2-4 characters of a run may be the word a draft uses
                for n in (2, 3, 4):
                    for i in range(len(han) - n + 1):
                        group = han_spellings(han[i : i + n])
                        han_keys |= {k for k in group if not k.startswith("y:")}
                        groups.append(group)
                        names |= {
                            f"k:{southern(h)}" for h in hangul_of_han(han[i : i + n]) if korean_is_rare(h, proper=True)
                        }
                        place = han_place_name(han[i : i + n])
                        if place:  # 三合镇: 삼합, as Korean reads the town's name, is a name too
                            names.add(f"k:{southern(hanja_reading(place))}")
                # Three characters that start with a Korean surname may be a name (朴顺男), which an English
                # draft romanises; an ordinary word (保卫部 = 보위부) is no name to meet.
                for i in range(len(han) - 2):
                    if han[i] not in KOREAN_SURNAMES:
                        continue
                    # 朴顺男's writer knows a Mr. Pak (nicknames.py)
                    han_keys.add(f"^a:r:{hangul_skeleton(surname_reading(han[i]))}")
                    for r in hanja_name_readings(han[i : i + 3]):
                        skeleton = hangul_skeleton(r)
                        if len(skeleton) >= SKELETON_MIN and korean_is_rare(r, proper=True):
                            han_keys.add(f"r:{skeleton}")
            if material:  # and in pinyin, as an English draft spells a Chinese name: 鸿祥 = Hongxiang
                syllables = lazy_pinyin(han, style=Style.NORMAL, errors="ignore")
                han_keys |= {
                    f"y:{''.join(syllables[i : i + n])}" for n in (2, 3) for i in range(len(syllables) - n + 1)
                }
                # A loanword Chinese writes by sound (阿莫西林 = 아목시실린 = amoxicillin), only to share.
                # Four characters and five consonants at least: shorter windows of a Chinese sentence met
                # other sources' words by chance (measured).
                han_keys |= {
                    key
                    for i in range(len(syllables) - 3)
                    for key in loose_keys("".join(syllables[i : i + 4]), "latin")
                    if len(key) >= len("~c:") + 5
                }
            # A Chinese sentence of ordinary words (钱直接交给, 不开发票) is no name, however its Hanja read in Korean.
            rare = korean_is_rare(reading, proper=True) and not chinese_is_ordinary(han, KOREAN_SURNAMES)
            add(start, end, han_keys, NAME, rare, groups=tuple(groups), rare_spellings=frozenset(names))

    def _latin_words(self, text: str, add: Add) -> None:
        words = list(LATIN_WORD.finditer(text))
        # A capitalised run ("Ri Kwang-hyok", "Rhee Kwanghyok") is one item: a romanised Korean name, maybe.
        for index, match in enumerate(words):
            run = [match]
            for following in words[index + 1 : index + 4]:
                if text[run[-1].end() : following.start()] != " " or not following.group()[:1].isupper():
                    break
                run.append(following)
            if len(run) < 2 or not match.group()[:1].isupper():
                continue
            skeleton = latin_skeleton(" ".join(m.group() for m in run))
            if len(skeleton) >= SKELETON_MIN:
                stems = latin_stem_keys([m.group() for m in run])
                # A firm named by ordinary words (Bright Harbor Tech) is as rare as its name: its head says so.
                rare = any(english_is_rare(m.group().lower().replace("-", "")) for m in run) or bool(stems)
                rare = rare or chinese_person([m.group() for m in run]) or korean_person([m.group() for m in run])
                # Each rare word of the run too: "Haewang Fisheries" is named by Haewang (해왕수산); a common
                # one (Toyota of "Toyota Camry") names nothing alone.
                names = [latin_skeleton(m.group()) for m in run if english_is_rare(m.group().lower().replace("-", ""))]
                parts = [f"r:{name}" for name in names if len(name) >= SKELETON_MIN]
                # And every shorter run in it: "Unha Forestry" is the "Unha Forestry Company" a source named.
                spelled = [m.group() for m in run]
                parts += [
                    f"r:{latin_skeleton(' '.join(spelled[i:j]))}"
                    for i in range(len(run))
                    for j in range(i + 2, len(run) + 1)
                    if (i, j) != (0, len(run))
                ]
                keys = [f"r:{skeleton}", *parts, *map(pinyin_key, run), *map(mandarin_key, run), *stems]
                keys.append(pinyin_text_key(" ".join(spelled)))  # Hai Xing: 海星, its syllables written apart
                if latin_skeleton(spelled[0]) in SURNAME_SKELETONS:  # Han Myong-chol: a Mr. Han too
                    keys.append(f"^a:r:{latin_skeleton(spelled[0])}")
                # Batbold Erdene = 바트볼드 에르데네: by its consonants, as a loanword is written; and each rare word
                # alone (an ordinary one, Technology, names nothing).
                rare_words = [w for w in spelled if english_is_rare(w.lower().replace("-", ""))]
                keys += [consonant_key(latin_consonants(word)) for word in [" ".join(spelled), *rare_words]]
                keys += [consonant_key(latin_consonants("".join(pair))) for pair in itertools.pairwise(spelled)]
                keys += loose_keys("".join(spelled), "latin")  # Marina Star = 마리나스타(호): only to share
                add(match.start(), run[-1].end(), keys, NAME, rare)
        for match in words:
            word = match.group().lower().replace("’", "'").removesuffix("'s")
            # A capitalised word may be a romanised name; a lower-case one no English word is, a romanised
            # Korean term (mulgeonneogi).
            named = match.group()[:1].isupper() or english_is_rare(word.replace("-", ""))
            skeleton = latin_skeleton(word) if named else ""
            keys = [f"w:{word}", f"r:{skeleton}" if len(skeleton) >= SKELETON_MIN else "", pinyin_key(match)]
            if match.group()[:1].isupper():
                keys.append(mandarin_key(match))
                if word in KOREAN_SURNAMES_LATIN:  # "a foreman named Kim", "Jon, the boss": a Mr. Kim, a Mr. Jon
                    keys.append(f"a:r:{latin_skeleton(word)}")
                keys.append(koryo_surname_key(word))  # Tsoi: the 최 a source wrote Choe
            if named:  # amoxicillin = 아목시실린, by its consonants
                keys.append(consonant_key(latin_consonants(word)))
            if zipf_frequency(word, "en") < LOANWORD_ZIPF:  # paratyphoid = 파라티푸스, only to share
                keys += loose_keys(word, "latin")
            lower = match.group()[:1].islower()
            rare = english_is_rare(word.replace("-", ""), lower=lower) and word not in self.allowed
            # follow-up, half-way: ordinary words joined are an ordinary word
            rare = rare and not (
                "-" in word and all(zipf_frequency(part, "en") >= RARE_ZIPF + 1 for part in word.split("-"))
            )
            rare = rare and not region_adjective(word)  # Kuwaiti, Mongolian: a region, not a detail
            # A Korean surname alone ("Jon, the work-team boss") names the one a source named, however common.
            rare = rare or (match.group()[:1].isupper() and word in KOREAN_SURNAMES_LATIN)
            add(match.start(), match.end(), keys, WORD, rare)

    def _proper(self, text: str, start: int, part: str) -> bool:
        """Is the morpheme ``part`` at ``start`` tagged a proper noun?"""
        return any(t.start == start and t.norm == part and t.tag == "NNP" for t in self.korean.tokens(text))


def _loose_name(word: str, korean: Korean) -> bool:
    """Is a word of a surname and two syllables a name, though nothing marks it as one? Not if a dictionary
    holds it or its first two syllables (석탄이, 목선은, 강냉이: a word and its particle), nor if its last two
    are a common word (도병원, 원까지), it is or begins with a place (황주군, 김책에), or the tagger reads in it a
    numeral, a suffix or a particle (천원을, 배들이, 황주의)."""
    if korean_zipf(word) or korean_zipf(word[:2]) or korean_zipf(word[1:]) >= 4:
        return False
    if word[-1] in "시군구읍면리" or any(place in place_by_name() for place in (word[:2] + "시", word[:2] + "군")):
        return False
    found = korean.tokens(word)
    if found and found[-1].tag.startswith("J"):
        return False  # 황주의: a two-syllable name and its particle
    return not any((t.known and t.tag == "NNG" and t.end - t.start >= 2) or t.tag in ("NR", "SN", "XSN") for t in found)
