"""The API's download answers an open-ended Range so that the desk can resume a fetch."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.functional.test_source_story import api_token, create_account, submit
from tipline.services import Services


def test_download_serves_the_rest_of_a_blob_from_an_offset(
    source_client: FlaskClient, journalist_client: FlaskClient, services: Services
) -> None:
    create_account(source_client)
    submit(source_client, "", [(b"0123456789" * 1000, "digits.txt")])
    headers = {"Authorization": f"Token {api_token(journalist_client, services)}"}
    source = journalist_client.get("/api/v1/sources", headers=headers).get_json()["sources"][0]
    (item,) = journalist_client.get(source["submissions_url"], headers=headers).get_json()["submissions"]

    def download(range_header: str | None) -> tuple[int, dict[str, str], bytes]:
        # The streamed body is read at once: Flask's test client needs it before the next request.
        response = journalist_client.get(item["download_url"], headers={**headers, "Range": range_header or ""})
        return response.status_code, dict(response.headers), response.data

    status, whole_headers, whole = download(None)
    assert (200, "bytes") == (status, whole_headers["Accept-Ranges"])

    status, rest_headers, rest = download("bytes=100-")

    assert 206 == status
    assert whole[100:] == rest
    assert f"bytes 100-{len(whole) - 1}/{len(whole)}" == rest_headers["Content-Range"]
    assert whole_headers["Etag"] == rest_headers["Etag"]  # the ETag names the whole blob
    assert 416 == download(f"bytes={len(whole)}-")[0]
    # Any other form of Range gets the whole blob.
    assert (200, whole) == (download("bytes=0-9")[0], download("bytes=0-9")[2])
