"""The desk: the journalist-workstation client.

It splits into an online half (``login``, ``fetch``, ``reply``: ciphertext and armored replies
only) and an offline half (``open``: decrypt, restore filenames, clean metadata) that never opens
a network connection. Everything it writes stays under the desk folder.
"""
