"""The deployment files in deploy/ run what docs/deploy.md says they run.

The systemd template starts `newsbot run --config FILE` (a command line the real CLI accepts),
takes every secret from an EnvironmentFile (no Environment= value in the unit, so nothing secret
is ever committed), runs hardened as its own user and writes only its state folder; and where
systemd's tools are installed, `systemd-analyze verify` accepts the units. The container image
and the compose file start the same `run --config` command line.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.cli import _parser

ROOT = Path(__file__).resolve().parent.parent
SYSTEMD = ROOT / "deploy" / "systemd"
CONTAINER = ROOT / "deploy" / "container"

Unit = dict[str, list[tuple[str, str]]]


def read_unit(path: Path) -> Unit:
    """A unit file as {section: [(key, value), ...]}, keeping repeated keys in order (systemd
    allows them: EnvironmentFile= twice means two files)."""
    unit: Unit = {}
    section = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            unit.setdefault(section, [])
            continue
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: not a key=value line: {raw!r}"
        unit[section].append((key.strip(), value.strip()))
    return unit


def uncommented(path: Path) -> str:
    return "\n".join(ln for ln in path.read_text().splitlines() if not ln.lstrip().startswith("#"))


def values(unit: Unit, section: str, key: str) -> list[str]:
    return [v for k, v in unit.get(section, []) if k == key]


def one(unit: Unit, section: str, key: str) -> str:
    found = values(unit, section, key)
    assert len(found) == 1, f"[{section}] {key}= appears {len(found)} times"
    return found[0]


@pytest.fixture(scope="module")
def service() -> Unit:
    return read_unit(SYSTEMD / "newsbot@.service")


@pytest.fixture(scope="module")
def target() -> Unit:
    return read_unit(SYSTEMD / "newsbot.target")


def test_exec_start_is_run_with_this_instances_config(service: Unit) -> None:
    argv = shlex.split(one(service, "Service", "ExecStart"))
    assert argv[0] == "/opt/newsbot/bin/newsbot"
    args = _parser().parse_args([a.replace("%i", "2") for a in argv[1:]])
    assert args.command == "run"
    assert args.config == "/etc/newsbot/newsbot-2.toml"
    assert not args.once
    assert one(service, "Service", "ExecReload") == "kill -HUP $MAINPID"


def test_secrets_come_only_from_environment_files(service: Unit) -> None:
    assert values(service, "Service", "Environment") == []
    files = values(service, "Service", "EnvironmentFile")
    assert files == ["/etc/newsbot/newsbot.env", "-/etc/newsbot/newsbot-%i.env"]
    text = uncommented(SYSTEMD / "newsbot@.service")
    # Nothing that looks like a credential: no URL with a password, no token-shaped value.
    assert not re.search(r"://[^/\s:@]+:[^/\s@]+@", text)
    assert not re.search(r"(?i)(token|password|secret)\w*\s*=\s*\S", text)


def test_hardened_as_its_own_user_writing_only_its_state(service: Unit) -> None:
    user = one(service, "Service", "User")
    assert user not in ("", "root", "0")
    assert one(service, "Service", "Restart") == "on-failure"
    assert one(service, "Service", "NoNewPrivileges") == "yes"
    assert one(service, "Service", "ProtectSystem") == "strict"
    state = "/var/lib/" + one(service, "Service", "StateDirectory")
    assert one(service, "Service", "ReadWritePaths") == state
    assert one(service, "Service", "WorkingDirectory") == state
    assert one(service, "Service", "CapabilityBoundingSet") == ""


def test_instances_belong_to_the_target(service: Unit, target: Unit) -> None:
    assert one(service, "Unit", "PartOf") == "newsbot.target"
    assert one(service, "Install", "WantedBy") == "newsbot.target"
    assert one(target, "Install", "WantedBy") == "multi-user.target"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path) -> None:
    # verify checks that ExecStart's program exists: point it at a stand-in, nothing else changes.
    program = tmp_path / "newsbot"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    text = (SYSTEMD / "newsbot@.service").read_text()
    assert text.count("/opt/newsbot/bin/newsbot ") == 1
    (tmp_path / "newsbot@.service").write_text(
        text.replace("/opt/newsbot/bin/newsbot ", f"{program} ")
    )
    shutil.copy(SYSTEMD / "newsbot.target", tmp_path / "newsbot.target")
    done = subprocess.run(
        ["systemd-analyze", "verify", "newsbot@1.service", "newsbot.target"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "newsbot" not in done.stderr, done.stderr


def test_container_and_compose_run_the_same_command() -> None:
    dockerfile = (CONTAINER / "Dockerfile").read_text()
    entry = json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", dockerfile, re.M)[1])  # type: ignore[index]
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M)[1])  # type: ignore[index]
    compose = (CONTAINER / "compose.yaml").read_text()
    command = json.loads(re.search(r"^\s+command: (\[.*\])$", compose, re.M)[1])  # type: ignore[index]
    assert entry == ["newsbot"]
    for argv in (cmd, command):
        args = _parser().parse_args(argv)
        assert (args.command, args.config) == ("run", "/etc/newsbot/config.toml")
    assert "env_file: newsbot.env" in compose
    assert not re.search(
        r"(?i)(token|password|secret)\w*\s*[:=]\s*\S", uncommented(CONTAINER / "compose.yaml")
    )
