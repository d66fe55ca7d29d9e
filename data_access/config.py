"""Settings from the environment (and an optional TOML file), with the embedded loopback defaults."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ("live", "muifa", "ceremony")
# The simulator's embedded token: fine on loopback, replaced by a secret for real upstreams.
DEFAULT_TOKEN = "jinyun-sim-token"


class ConfigError(Exception):
    """A setting is wrong; the message names it and says what to do (shown without a traceback)."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    port: int
    sim_port: int
    scenario: str
    upstream_base_url: str
    upstream_token: str
    overrides: dict  # {"iot": {"url": ..., "token": ...}} per-system upstreams

    def url_for(self, system: str) -> str:
        return self.overrides.get(system, {}).get("url") or f"{self.upstream_base_url.rstrip('/')}/{system}"

    def token_for(self, system: str) -> str:
        return self.overrides.get(system, {}).get("token") or self.upstream_token

    @property
    def ingest_path(self) -> Path:
        return self.data_dir / "ingest.duckdb"

    @property
    def snapshot_dir(self) -> Path:
        return self.data_dir / "snapshots"

    @property
    def history_dir(self) -> Path:
        return self.data_dir / "history"

    @property
    def commands_path(self) -> Path:
        return self.data_dir / "commands.sqlite"

    @property
    def users_path(self) -> Path:
        return self.data_dir / "users.json"


def _int(env: dict, name: str, default: int) -> int:
    raw = env.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a port number: set {name} to a number such as {default}.") from None
    if not 1 <= value <= 65535:
        raise ConfigError(f"{name}={value} is outside 1..65535: choose a free port such as {default}.")
    return value


def load(env: dict | None = None) -> Settings:
    """Read settings; JINYUN_CONFIG may name a TOML file with an [upstream.<system>] url/token per system."""
    env = dict(os.environ if env is None else env)
    scenario = env.get("SCENARIO", "live") or "live"
    if scenario not in SCENARIOS:
        raise ConfigError(f"SCENARIO={scenario!r} is unknown: use one of {', '.join(SCENARIOS)}.")
    sim_port = _int(env, "SIM_PORT", 8600)
    overrides: dict = {}
    base_url = env.get("UPSTREAM_BASE_URL") or f"http://127.0.0.1:{sim_port}/api"
    token = env.get("UPSTREAM_TOKEN", DEFAULT_TOKEN)
    cfg_file = env.get("JINYUN_CONFIG")
    if cfg_file:
        try:
            doc = tomllib.loads(Path(cfg_file).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"JINYUN_CONFIG={cfg_file!r} cannot be read ({exc}): point it at a valid TOML file.") from None
        upstream = doc.get("upstream", {})
        base_url = upstream.get("base_url", base_url)
        token = upstream.get("token", token)
        overrides = {k: v for k, v in upstream.items() if isinstance(v, dict)}
    if not token:
        raise ConfigError("UPSTREAM_TOKEN is empty: set the bearer token the upstream systems expect.")
    return Settings(
        # One folder per scenario by default: a replay's warehouse never mixes with the live one.
        data_dir=Path(env.get("DATA_DIR") or ROOT / "data" / scenario).resolve(),
        port=_int(env, "PORT", 8501),
        sim_port=sim_port,
        scenario=scenario,
        upstream_base_url=base_url,
        upstream_token=token,
        overrides=overrides,
    )
