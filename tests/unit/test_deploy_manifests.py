"""The deployment files (deploy/): Kubernetes manifests valid against the API schemas (offline,
kubernetes-validate), compose.yaml valid against the Compose Specification, no secret written into
them, no `latest` image, every process of the production profile with a workload, probes,
requests and a disruption budget; the image's entry point knows every process.

bot/devtools/deploy_check.py does the checking; the first run makes its validator environment
(var/deploy-check-venv, from deploy/requirements-check.txt: about 45 s, from PyPI), later ones reuse it.
"""
import copy
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.devtools import deploy_check
from bot.settings import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"


@pytest.fixture(scope="module")
def manifests():
    return deploy_check.load_manifests(sorted((DEPLOY / "k8s").glob("*.yaml")))


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_the_deployment_files_pass_every_check():
    assert deploy_check.problems() == []


def test_an_invalid_manifest_fails_the_schema_check(tmp_path):
    rasa = (DEPLOY / "k8s" / "rasa.yaml").read_text()
    (tmp_path / "rasa.yaml").write_text(rasa.replace("readinessProbe:", "readinessProbes:", 1))
    (tmp_path / "typo.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata: {name: x}\n"
                                        "spec: {ports: [{port: '5005'}]}\n")
    errors = deploy_check.validate_kubernetes(sorted(tmp_path.glob("*.yaml")))
    assert any("readinessProbes" in line for line in errors), errors
    assert any("typo.yaml" in line for line in errors), errors


def test_an_invalid_compose_file_fails(compose):
    broken = copy.deepcopy(compose)
    broken["services"]["rasa"]["replica"] = 2
    assert deploy_check.validate_compose(compose) == []
    assert deploy_check.validate_compose(broken)


def test_an_inlined_secret_fails(manifests, compose):
    rasa = copy.deepcopy(next(d for d in manifests if d["kind"] == "Deployment" and d["metadata"]["name"] == "rasa"))
    rasa["spec"]["template"]["spec"]["containers"][0]["env"] = [{"name": "HS_DATA_KEY", "value": "k1:abc"}]
    assert deploy_check.inlined_secrets(rasa)
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "stringData": {"a": "b"}}
    assert deploy_check.inlined_secrets(secret)
    config = copy.deepcopy(next(d for d in manifests if d["kind"] == "ConfigMap"))
    config["data"]["REDIS_PASSWORD"] = "hunter2"
    assert deploy_check.inlined_secrets(config)
    leaky = copy.deepcopy(compose)
    leaky["services"]["worker"]["environment"] = {"TRACKER_DB_PASSWORD": "hunter2"}
    assert deploy_check.compose_inlined_secrets(leaky)
    assert [p for d in manifests for p in deploy_check.inlined_secrets(d)] == []
    assert deploy_check.compose_inlined_secrets(compose) == []


@pytest.mark.parametrize("image", ["registry.example.org/hamari-suraksha:latest",
                                   "registry.example.org/hamari-suraksha", "redis", "postgres:latest"])
def test_an_image_without_a_fixed_tag_fails(image):
    assert deploy_check.image_problems({"x": image})


def test_fixed_tags_and_digests_pass(manifests, compose):
    assert deploy_check.image_problems({"x": "registry.example.org:5000/hamari-suraksha:2026.12.05-ec044ef",
                                        "y": "nginx@sha256:" + "0" * 64}) == []
    images = {**deploy_check.kubernetes_images(manifests), **deploy_check.compose_images(compose)}
    assert len(images) >= 8


@pytest.mark.parametrize("process", deploy_check.PROCESSES)
def test_a_process_without_a_manifest_fails(manifests, process):
    remaining = [d for d in manifests if d["metadata"]["name"] != process]
    assert f"process {process} of the production profile has no manifest" in deploy_check.workload_problems(remaining)


def test_a_serving_process_without_probes_or_budget_fails(manifests):
    changed = copy.deepcopy(manifests)
    rasa = next(d for d in changed if d["kind"] == "Deployment" and d["metadata"]["name"] == "rasa")
    del rasa["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]
    changed = [d for d in changed if not (d["kind"] == "PodDisruptionBudget" and d["metadata"]["name"] == "rasa")]
    found = deploy_check.workload_problems(changed)
    assert "rasa: container rasa has no livenessProbe" in found
    assert "rasa: no PodDisruptionBudget" in found
    assert deploy_check.workload_problems(manifests) == []


def test_the_entrypoint_starts_each_process_with_an_existing_module():
    text = (DEPLOY / "entrypoint.sh").read_text()
    for process in (*deploy_check.PROCESSES, "retention", "migrate"):
        assert f"  {process})" in text, process
    for module in ("bot.rasa_server", "bot.jobs", "bot.console", "bot.privacy.retention", "bot.store.init_db"):
        assert f"python -m {module}" in text
        assert (PROJECT_ROOT / (module.replace(".", "/") + ".py")).exists() or \
            (PROJECT_ROOT / module.replace(".", "/") / "__main__.py").exists(), module
    result = subprocess.run(["sh", str(DEPLOY / "entrypoint.sh"), "no-such-process"], capture_output=True, text=True)
    assert result.returncode == 64 and "usage" in result.stderr


def test_the_entrypoint_reads_secret_files(tmp_path):
    """DATABASE_URL_FILE=/run/secrets/x gives DATABASE_URL its content (and nothing on the command line)."""
    (tmp_path / "db").write_text("postgresql://u:p@h/d")
    show = 'printf "%s|%s" "$DATABASE_URL" "${DATABASE_URL_FILE:-}"; exit 0'
    script = (DEPLOY / "entrypoint.sh").read_text().replace('process="${1:-rasa}"', show)
    (tmp_path / "ep.sh").write_text(script)
    result = subprocess.run(["sh", str(tmp_path / "ep.sh")], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "DATABASE_URL_FILE": str(tmp_path / "db")})
    assert result.stdout == "postgresql://u:p@h/d|"


def test_the_image_runs_as_a_user_and_bakes_the_model():
    text = (DEPLOY / "Dockerfile").read_text()
    final_stage = text[text.rindex("\nFROM "):]
    assert "\nUSER 10001:10001" in final_stage and "USER root" not in final_stage
    assert "COPY models/hamari-suraksha.tar.gz models/" in final_stage
    assert ":latest" not in text
    assert all(line.split()[1].count(":") == 1 for line in text.splitlines() if line.startswith("FROM "))
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text()
    assert "\n*\n" in ignore  # nothing goes into the build context but what the image copies
    assert shutil.which("sh")
    assert Path(DEPLOY / "entrypoint.sh").stat().st_mode & 0o111
