"""A software WebAuthn authenticator (ES256, "none" attestation), enough for the server's side of
the ceremonies over a test client: it signs what a security key would sign, with a real P-256 key.

The browser tests use chromium's virtual authenticator; this one lets functional tests finish a
security-key login without a browser.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

_USER_PRESENT = 0x01
_ATTESTED_DATA = 0x40


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class SoftAuthenticator:
    def __init__(self, rp_id: str = "localhost", origin: str = "http://localhost") -> None:
        self.rp_id, self.origin = rp_id, origin
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.sign_count = 0

    def _client_data(self, kind: str, options: dict[str, Any]) -> bytes:
        data = {"type": kind, "challenge": options["challenge"], "origin": self.origin, "crossOrigin": False}
        return json.dumps(data).encode("utf-8")

    def _rp_hash(self) -> bytes:
        return hashlib.sha256(self.rp_id.encode("ascii")).digest()

    def _cose_public_key(self) -> bytes:
        numbers = self.private_key.public_key().public_numbers()
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})

    def create(self, options: dict[str, Any]) -> str:
        """The JSON a browser posts after navigator.credentials.create()."""
        attested = bytes(16) + len(self.credential_id).to_bytes(2, "big") + self.credential_id + self._cose_public_key()
        auth_data = self._rp_hash() + bytes([_USER_PRESENT | _ATTESTED_DATA]) + (0).to_bytes(4, "big") + attested
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        response = {
            "clientDataJSON": b64url(self._client_data("webauthn.create", options)),
            "attestationObject": b64url(attestation),
        }
        return self._credential(response)

    def get(self, options: dict[str, Any]) -> str:
        """The JSON a browser posts after navigator.credentials.get()."""
        self.sign_count += 1
        auth_data = self._rp_hash() + bytes([_USER_PRESENT]) + self.sign_count.to_bytes(4, "big")
        client_data = self._client_data("webauthn.get", options)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.private_key.sign(signed, ec.ECDSA(hashes.SHA256()))
        response = {
            "clientDataJSON": b64url(client_data),
            "authenticatorData": b64url(auth_data),
            "signature": b64url(signature),
        }
        return self._credential(response)

    def _credential(self, response: dict[str, str]) -> str:
        raw_id = b64url(self.credential_id)
        return json.dumps({"id": raw_id, "rawId": raw_id, "type": "public-key", "response": response})
