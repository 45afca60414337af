"""Submissions, batches, manifests and replies: encrypt-and-store, listing, deletion."""
