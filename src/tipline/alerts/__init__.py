"""New-submission alerts for the newsroom: a daily count by e-mail or webhook, nothing more."""
