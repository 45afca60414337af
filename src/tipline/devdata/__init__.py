"""Fake data for development and benchmarks. Never used by a running tip line."""
