"""Sources: codename accounts, designations, SourceService."""
