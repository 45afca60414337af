"""Languages: the locales Tipline speaks and the wordlists it draws codenames from."""

from tipline.i18n.wordlists import load_wordlist

__all__ = ["load_wordlist"]
