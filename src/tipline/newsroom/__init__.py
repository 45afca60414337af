"""What journalists do with sources: list, read, reply, delete, organise. Every action is audited."""
