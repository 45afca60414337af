"""Stands in for Qubes' qrexec-client-vm and the securedrop-proxy behind it, for the SDK's proxy mode.

The SDK runs ``qrexec-client-vm <vm> securedrop.Proxy``, writes one JSON request on stdin
({"method", "path_query", "body"?, "headers"?, "timeout"?}) and reads one JSON answer on stdout
({"status", "headers", "body"}), where body is the server's JSON as a string. A download (a
response that is not JSON) is saved by the proxy under a random name and moved to the client's
VM; the body then says {"filename": <that name>}. Here the file goes to $TIPLINE_PROXY_INCOMING.
The server is $TIPLINE_PROXY_ORIGIN (loopback only).

Run as a script: it must import nothing from the project (it is the other VM).
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import urllib.parse
import uuid
from pathlib import Path


def main() -> int:
    request = json.loads(sys.stdin.read())
    origin = urllib.parse.urlsplit(os.environ["TIPLINE_PROXY_ORIGIN"])
    body = request.get("body")
    # http.client, not urllib.request: urllib would add a form Content-Type to a body sent
    # without one, and the real proxy (requests) sends none.
    connection = http.client.HTTPConnection(origin.hostname or "", origin.port, timeout=request.get("timeout") or 20)
    try:
        connection.request(
            request["method"],
            "/" + request["path_query"].lstrip("/"),
            body=body.encode("utf-8") if body is not None else None,
            headers=request.get("headers") or {},
        )
        response = connection.getresponse()
        status, headers, data = response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()
    if status == 200 and not headers.get("Content-Type", "").startswith("application/json"):
        name = str(uuid.uuid4())
        (Path(os.environ["TIPLINE_PROXY_INCOMING"]) / name).write_bytes(data)
        text = json.dumps({"filename": name})
    else:
        text = data.decode("utf-8")
    json.dump({"status": status, "headers": headers, "body": text}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
