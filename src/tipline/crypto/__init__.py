"""Cryptography of Tipline: pure functions over age, Argon2id and wordlists.

This package imports nothing else of Tipline and no framework, so that the offline desk and
tests can use it alone.
"""
