"""The newsroom workflow on the desk: cases, claims, corroboration, translation, exposure check, drafts.

Everything here runs on the journalist's offline workstation, on decrypted material: no module in
this package opens a network connection. It imports ``tipline.crypto`` and nothing of ``web``.
"""
