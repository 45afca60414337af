"""Journalists: accounts, passphrases, TOTP, API tokens, JournalistService."""
