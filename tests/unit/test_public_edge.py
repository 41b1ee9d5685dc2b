"""Issue 19: the public edge's nginx (deploy/nginx/nginx.conf for compose, the ingress for Kubernetes)
serves only the channels (socket.io, webhooks, "/" for health checks), never Rasa's HTTP API, with
per-address limits equal to the production profile's (bot/devtools/production.py, whose generated
config is exercised for real in tests/e2e/test_production_faults.py)."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.devtools import production

ROOT = Path(__file__).resolve().parents[2]
NGINX_CONF = ROOT / "deploy" / "nginx" / "nginx.conf"


def _server_block(text: str, port: int) -> str:
    start = text.index(f"listen {port};")
    start = text.rindex("server {", 0, start)
    depth, index = 0, start
    while True:
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return text[start:index + 1]
        index += 1


def test_the_compose_edge_exposes_only_the_channels():
    public = _server_block(NGINX_CONF.read_text(), 8080)
    assert re.findall(r"location ([^{]+?) \{", public) == ["/socket.io/", "/webhooks/", "= /", "/"]
    assert re.search(r"location / \{ return 404; \}", public)


def test_the_compose_edge_limits_equal_the_production_profiles():
    text = NGINX_CONF.read_text()
    assert f"rate={production.EDGE_REQUESTS_PER_SECOND}r/s" in text
    public = _server_block(text, 8080)
    assert f"limit_req zone=public_per_address burst={production.EDGE_BURST} nodelay;" in public
    assert f"limit_conn public_connections {production.EDGE_CONNECTIONS_PER_ADDRESS};" in public
    assert "client_max_body_size 512k;" in text


def test_the_compose_api_port_is_not_published_and_the_worker_uses_it():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    assert all("8081" not in str(port) for port in compose["services"]["nginx"]["ports"])
    assert "listen 8081;" in NGINX_CONF.read_text()
    assert "http://nginx:8081" in (ROOT / "deploy" / "compose.yaml").read_text()


def test_the_ingress_routes_only_the_channels_to_rasa():
    ingress = yaml.safe_load((ROOT / "deploy" / "k8s" / "ingress.yaml").read_text())
    chat = next(rule for rule in ingress["spec"]["rules"] if rule["host"].startswith("chat."))
    paths = {(p["path"], p["pathType"]) for p in chat["http"]["paths"]}
    assert paths == {("/socket.io", "Prefix"), ("/webhooks", "Prefix"), ("/", "Exact")}
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/limit-rps"] == str(production.EDGE_REQUESTS_PER_SECOND)


def test_the_compose_nginx_config_is_valid_for_nginx(tmp_path):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        pytest.skip("nginx is not installed (scripts/browser-deps.sh installs it for the test command)")
    # The compose service names resolve only inside compose: point them at loopback for the check.
    text = NGINX_CONF.read_text()
    for host in ("rasa:5005", "console:8000"):
        text = text.replace(host, "127.0.0.1:" + host.split(":")[1])
    text = text.replace("/tmp/", f"{tmp_path}/")
    config = tmp_path / "nginx.conf"
    config.write_text(text)
    done = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(config), "-e", str(tmp_path / "error.log")],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
