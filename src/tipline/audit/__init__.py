"""The audit log: who in the newsroom did what, and when. Append-only through the app."""
