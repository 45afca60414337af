"""Languages: the locales Tipline speaks and the wordlists it draws codenames from."""

from tipline.i18n.wordlists import CODENAME_LANGUAGES, load_wordlist, traditional_to_simplified

__all__ = ["CODENAME_LANGUAGES", "load_wordlist", "traditional_to_simplified"]
