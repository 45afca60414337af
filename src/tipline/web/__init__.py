"""The two web interfaces. Nothing outside web/ imports Flask."""
