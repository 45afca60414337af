"""The codename scheme of an instance: one wordlist per source language."""

from __future__ import annotations

from functools import lru_cache

from tipline.crypto.codenames import CodenameList, CodenameScheme, words_needed
from tipline.i18n import CODENAME_LANGUAGES, load_wordlist, traditional_to_simplified
from tipline.i18n.korean_codenames import NORTHERN_SPELLINGS
from tipline.i18n.wordlists import ACCEPTED_ONLY


@lru_cache(maxsize=8)
def codename_scheme(min_words: int, default: str) -> CodenameScheme:
    """Codenames in every language we have a list for. Each list gets as many words as it needs
    for MIN_CODENAME_BITS, and at least ``min_words`` (the `codename_words` setting).

    Built once per (min_words, default) and shared: a scheme never changes after it is built, and
    building one (every list's lexicon and other spellings) costs about 0.1 s of CPU, which every
    `build_services` would pay again (each CLI command, each test's services)."""
    lists = {}
    for language in (*CODENAME_LANGUAGES, *ACCEPTED_ONLY):
        words = load_wordlist(language)
        count = words_needed(len(words), min_words)
        if language in ("ko", "ko_bip39"):
            # Typed in Northern spelling (로동, 래일, 콤퓨터, 내물) a word gives the same key as
            # typed in the list's; BIP-39 codenames made before Tipline's list still log in.
            lists[language] = CodenameList(
                words,
                count,
                spellings=NORTHERN_SPELLINGS,
                initial_sound_rule=True,
                generated=language not in ACCEPTED_ONLY,
            )
            continue
        # A Chinese codename typed with a traditional-character keyboard still works.
        variants = traditional_to_simplified() if language == "zh_Hans" else {}
        lists[language] = CodenameList(words, count, variants)
    return CodenameScheme(lists, default if default in lists else "en")
