"""A loader process for the concurrency tests: N hydro cycles, each at a scenario time 5 minutes on.

Run as `python tests/cycle_worker.py DATA_DIR SIM_URL CYCLES START_ISO`; prints one line per
published cycle so the test can follow (and kill) it.
"""

import sys
from datetime import datetime, timedelta
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_access import config  # noqa: E402
from data_access.loaders import LOADERS  # noqa: E402
from data_access.loaders.client import UpstreamClient  # noqa: E402
from data_access.warehouse import Ingest  # noqa: E402


def main() -> None:
    data_dir, sim_url, cycles, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), datetime.fromisoformat(sys.argv[4])
    settings = config.load({"DATA_DIR": data_dir, "UPSTREAM_BASE_URL": f"{sim_url}/api"})
    ingest = Ingest(settings)
    session = requests.Session()
    client = UpstreamClient(settings, session=session)
    done = ingest.cursor().execute("SELECT count(*) FROM load_runs WHERE source = 'hydro'").fetchone()[0]
    for i in range(done, done + cycles):
        at = start + timedelta(minutes=5 * i)
        session.post(f"{sim_url}/_sim/clock", json={"time": at.isoformat(), "speed": 0}, timeout=5).raise_for_status()
        result = LOADERS["hydro"](client, ingest)
        assert result.status == "ok", result
        ingest.publish()
        print(f"cycle {i} {at.isoformat()}", flush=True)
    ingest.close()


if __name__ == "__main__":
    main()
