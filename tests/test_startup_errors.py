"""Wrong configuration stops `make run` at start with one clear message naming the setting, never a traceback."""

import os
import socket
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def launch(env: dict, timeout: float = 60) -> subprocess.CompletedProcess:
    full = {**os.environ, "PORT": "18591", "SIM_PORT": "18592", **env}
    return subprocess.run([sys.executable, "-m", "dashboards.launch"], cwd=ROOT, env=full, capture_output=True,
                          text=True, timeout=timeout)


@pytest.mark.parametrize(("env", "names"), [
    ({"SCENARIO": "typhoon"}, "SCENARIO"),
    ({"PORT": "eighty"}, "PORT"),
    ({"UPSTREAM_TOKEN": ""}, "UPSTREAM_TOKEN"),
    ({"DATA_DIR": "/proc/jinyun-data"}, "DATA_DIR"),
    ({"UPSTREAM_BASE_URL": "http://127.0.0.1:9/api"}, "UPSTREAM_BASE_URL"),
], ids=["unknown scenario", "bad port", "missing token", "unwritable data dir", "unreachable upstream"])
def test_bad_setting_gives_one_clear_message(tmp_path, env, names):
    env.setdefault("DATA_DIR", str(tmp_path))
    result = launch(env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert names in result.stderr, result.stderr


def test_port_in_use(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = launch({"PORT": str(port), "DATA_DIR": str(tmp_path)})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"PORT={port} is already in use" in result.stderr
