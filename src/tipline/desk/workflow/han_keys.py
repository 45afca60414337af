"""Keys of Chinese characters and of the pinyin a Latin word may be: 银河 = 은하 (its Korean reading) =
인허 (its Mandarin sound in Hangul) = yinhe; "Longkou" = 룽커우.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from tipline.desk.workflow.korean_names import hanja_name_readings
from tipline.desk.workflow.normalise import HAN_RUN, southern
from tipline.desk.workflow.stems import han_stem_keys
from tipline.desk.workflow.transcription import hangul_of_han, hangul_of_latin, parse_pinyin

PINYIN_MIN = 6  # two pinyin syllables at least ("dandong", "hongxiang"), not "yuan" or "shang"


@lru_cache(maxsize=1 << 14)  # pure, and pypinyin's reading is slow; a case's names recur in every draft
def han_spellings(han: str) -> frozenset[str]:
    """Every key of a few Chinese characters: Korean readings, Mandarin in Hangul, stems and pinyin."""
    keys = {f"k:{r}" for r in hanja_name_readings(han)}
    keys |= {f"k:{southern(h)}" for h in hangul_of_han(han)} | set(han_stem_keys(han))
    keys.add(f"y:{''.join(lazy_pinyin(han, style=Style.NORMAL, errors='ignore'))}")
    return frozenset(k for k in keys if k)


def han_segments(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of Han characters, split around what was already read in them: a Chinese sentence has no
    spaces, so 管理员朴顺男每个月…扣一千五百元 is one run, and its number must not hide the name in it."""
    segments = []
    for match in HAN_RUN.finditer(text):
        start = match.start()
        for s, e in sorted(t for t in taken if t[0] < match.end() and match.start() < t[1]):
            if s > start:
                segments.append((start, s))
            start = max(start, e)
        if start < match.end():
            segments.append((start, match.end()))
    return segments


def pinyin_key(match: re.Match[str]) -> str:
    """A Latin word as pinyin without tones ("Hongxiang", "Dan-dong"), to meet Chinese material."""
    return pinyin_text_key(match.group())


def pinyin_text_key(text: str) -> str:
    """Latin letters as pinyin without tones, its syllables apart or not ("Hai Xing" = "Haixing" = 海星)."""
    word = re.sub(r"[-'’\s]", "", text.lower())
    pinyin = len(word) >= PINYIN_MIN and word.isascii() and word.isalpha() and parse_pinyin(word) is not None
    return f"y:{word}" if pinyin else ""


def mandarin_key(match: re.Match[str]) -> str:
    """A capitalised Latin word read as pinyin, in Hangul as Korean writes it (Longkou → 룽커우), to meet
    Korean material that wrote the Chinese name by its sound."""
    hangul = hangul_of_latin(match.group()) if len(match.group()) >= PINYIN_MIN else None
    return f"k:{southern(hangul)}" if hangul else ""
