"""prefect.yaml points at the real flow with parameters it accepts and a valid schedule."""

from __future__ import annotations

import inspect
from pathlib import Path

import yaml
from prefect.client.schemas.schedules import CronSchedule
from prefect.flows import load_flow_from_entrypoint

REPO = Path(__file__).resolve().parents[2]


def test_prefect_yaml_deployments_match_the_flow() -> None:
    config = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    assert config["deployments"]
    for deployment in config["deployments"]:
        path, name = deployment["entrypoint"].split(":")
        assert (REPO / path).is_file()
        flow = load_flow_from_entrypoint(f"{REPO / path}:{name}")  # as `prefect deploy` loads it
        accepted = set(inspect.signature(flow.fn).parameters)
        assert set(deployment["parameters"]) <= accepted
        for schedule in deployment["schedules"]:
            CronSchedule(cron=schedule["cron"], timezone=schedule.get("timezone"))
