"""Korean nouns as the text writes them, from kiwipiepy's morphemes: runs of adjacent nouns (보+위원 →
보위원), a name whose first syllable the tagger read as a determiner (동흥동: 동 "same" + 흥동), a loanword
it cut into pieces (아목시실린: 아 + 목 + 시 + 실리 + ㄴ), and a foreign name of two such words (겐나디 루킨).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import pairwise

from tipline.desk.workflow.loanwords import consonant_key, hangul_consonants
from tipline.desk.workflow.rarity import RARE_ZIPF, korean_zipf
from tipline.desk.workflow.text import HANGUL, Korean, Token

# (start, end, proper noun?, morphemes)
Run = tuple[int, int, bool, tuple[str, ...]]
KOREAN_NOUNS = ("NNG", "NNP", "NR", "XSN")
NOUN_SUFFIXES = frozenset({"성", "부", "원", "장", "소", "국", "대", "시", "도", "군", "구", "동", "인", "관", "청"})
# A particle after a word (아목시실린을, 파라티푸스가): what is left is the word.
_PARTICLE = re.compile(
    r"(?:에서는|에서|으로|에게|까지|부터|이나|이며|이다|입니다|인데|을|를|이|가|은|는|의|에|로|과|와|도|만)$"
)
# The copula after a noun: 세메뉴크다, 세메뉴크였다, 세메뉴크이며.
_COPULA = re.compile(r"(?:이었다|였다|이다|이며|이고|다)$")
# Morphemes of a verb's form: a word holding one is a verb, however unknown (뛰었다며), not a cut loanword.
_VERB_FORM = frozenset({"EP", "EF", "EC", "VCP", "VCN", "XSV", "XSA"})
LONG_WORD = 4  # syllables: a word no dictionary knows this long is one word, however the tagger cut it


def korean_runs(korean: Korean, text: str) -> list[Run]:
    """The noun runs of ``text`` (2 characters at least), each read whole where the tagger cut a word."""
    tokens = korean.tokens(text)
    runs = _whole_unknown_words(text, tokens, _noun_runs(text, tokens))
    return [r for r in runs if r[1] - r[0] >= 2]


def spaced_compounds(korean: Korean, text: str) -> list[Run]:
    """Two noun runs one space apart, as one compound: Korean may space a compound or not (중국 옷 =
    중국옷, 목재 가공 = 목재가공), so a source who spaced it holds the word a draft writes whole."""
    runs = _noun_runs(text, korean.tokens(text))
    return [
        (first[0], second[1], first[2] or second[2], (*first[3], *second[3]))
        for first, second in pairwise(runs)
        if second[0] == first[1] + 1 and text[first[1]] == " "
    ]


def _noun_runs(text: str, tokens: list[Token]) -> list[Run]:
    runs: list[Run] = []
    glued: dict[int, tuple[int, str]] = {}  # a determiner glued before a noun: its end → start, form
    for token in tokens:
        if token.tag == "MM" and (token.start == 0 or not HANGUL.match(text[token.start - 1])):
            glued[token.end] = (token.start, token.norm)
        if token.tag not in KOREAN_NOUNS or not HANGUL.search(token.norm):
            continue
        if token.tag == "XSN" and token.norm not in NOUN_SUFFIXES:
            continue  # 들, 씩, 당: plural and distributive suffixes are not part of a name
        if runs and runs[-1][1] == token.start:
            start, _, proper, parts = runs[-1]
            runs[-1] = (start, token.end, proper or token.tag == "NNP", (*parts, token.norm))
        elif token.tag != "XSN":
            runs.append((token.start, token.end, token.tag == "NNP", (token.norm,)))
    for index, (start, end, proper, parts) in enumerate(runs):
        # The tagger reads the first syllable of an unknown name as a determiner (동흥동: 동 "same" + 흥동):
        # a word no dictionary knows, whose rest is no word either, is a name, and read whole (not 한달).
        if start in glued and korean_zipf(text[glued[start][0] : end]) == 0:
            whole = text[glued[start][0] : end]
            if korean_zipf(text[start:end]) < RARE_ZIPF:  # 흥동 is no word: 동흥동 is one name
                runs[index] = (glued[start][0], end, True, (whole,))
            else:  # 한 + 달: a determiner and a word
                runs[index] = (glued[start][0], end, proper, (glued[start][1], *parts))
    return runs


def _whole_unknown_words(text: str, tokens: list[Token], runs: list[Run]) -> list[Run]:
    """A long word no dictionary knows, cut by the tagger into pieces that are neither a verb's form nor
    nouns with their particles (아목시실린, read as 아 + 목 + 시 + 실리 + ㄴ), is one run: the word a source
    and a draft both write whole."""
    starts = [t.start for t in tokens]  # in order: the tokens of a word are found by bisection
    for word in re.finditer(r"[가-힣]+", text):
        particled = _PARTICLE.sub("", word.group())
        # Or before the copula (대표는 세메뉴크다: the tagger reads 크다, "big", in the name).
        for stem in dict.fromkeys((particled, _COPULA.sub("", particled))):
            start, end = word.start(), word.start() + len(stem)
            if _one_unknown_word(stem, tokens[bisect_left(starts, start) : bisect_left(starts, end)]):
                if not any(r[0] == start and r[1] == end for r in runs):  # not read whole already
                    runs = [r for r in runs if not (start <= r[0] < end)]
                    runs.append((start, end, False, (stem,)))
                break
    return sorted(runs)


def _one_unknown_word(stem: str, inside: list[Token]) -> bool:
    if len(stem) < LONG_WORD or korean_zipf(stem) > 0:
        return False
    if any(t.tag in _VERB_FORM for t in inside) or (inside and inside[0].tag in ("VV", "VA")):
        return False
    # Nouns and their particles (노동자들, 소식통은) are read as they are.
    return not all(t.tag in KOREAN_NOUNS or t.tag.startswith(("NN", "J")) for t in inside)


def foreign_name_keys(text: str, compounds: list[Run], index: int) -> list[str]:
    """A foreign name in Hangul is two words no dictionary knows (겐나디 루킨, 따요즈니 벡토르), or two names one of
    which it knows (세르게이 그로모프): by the consonants of both together, as a Latin or Cyrillic run is keyed
    (Gennady Lukin, Геннадий Лукин), each alone too short."""
    keys = []
    start, end, proper, _ = compounds[index]
    for other in (
        compounds[index - 1] if index else None,
        compounds[index + 1] if index + 1 < len(compounds) else None,
    ):
        if other is None:
            continue
        first, second = sorted([(start, end), (other[0], other[1])])
        unknown = [korean_zipf(text[a:b]) == 0 for a, b in (first, second)]
        if text[first[1] : second[0]] == " " and (all(unknown) or (proper and other[2] and any(unknown))):
            keys.append(consonant_key(hangul_consonants(text[first[0] : first[1]] + text[second[0] : second[1]])))
    return keys
