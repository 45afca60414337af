"""What both interfaces share: headers, sessions, locale, error pages, streamed uploads."""
