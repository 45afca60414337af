"""Case handling: statuses, labels, assignment, stars and encrypted notes. Metadata only, never content."""
