"""Offline checks of the deployment files in deploy/ (tests/unit/test_deploy_manifests.py runs them).

- deploy/k8s/*.yaml against the Kubernetes API schemas, strictly (no unknown fields), with
  kubernetes-validate, which ships the schemas: nothing is fetched while checking. It needs
  jsonschema >= 4.23 and Rasa 3.6 pins 4.17.3, so it runs from a small environment of its own,
  `var/deploy-check-venv/` (made on first use from deploy/requirements-check.txt, exact pins).
- deploy/compose.yaml against the Compose Specification's JSON schema (deploy/schema/, vendored
  from compose-spec/compose-spec, Apache-2.0), with the jsonschema of our own environment. `docker
  compose config` would need the compose plugin, which this machine's docker client lacks (and it
  has no Docker engine to build or start the image with).
- Policy: no secret value written into a manifest (only references: secretKeyRef, secret volumes,
  *_FILE paths), no image without a fixed tag (never `latest`), every process of the production
  profile (rasa, actions, worker, console) with a workload, every serving one with readiness and
  liveness probes, resource requests, a non-root user, and a PodDisruptionBudget.

`python -m bot.devtools.deploy_check` prints the problems (exit status 1 if any).
"""
import json
import re
import subprocess
import sys
import venv
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import jsonschema
import yaml

from bot.settings import PROJECT_ROOT, VAR_DIR

DEPLOY = PROJECT_ROOT / "deploy"
CHECK_VENV = VAR_DIR / "deploy-check-venv"
KUBERNETES_VERSION = "1.31.0"
PROCESSES = ("rasa", "actions", "worker", "console")
SERVING = {"rasa", "actions", "console"}   # have an HTTP port: probes and a PodDisruptionBudget
WORKLOADS = {"Deployment", "StatefulSet", "Job", "DaemonSet", "CronJob"}
# Names of settings that hold a secret: a manifest may point at one (_FILE, secretKeyRef), never hold it.
SECRET_NAME = re.compile(r"(PASSWORD|SECRET|TOKEN|_KEY|DATABASE_URL)$")


def kubernetes_validate() -> Path:
    """The kubernetes-validate program of the check environment, made on first use."""
    program = CHECK_VENV / "bin" / "kubernetes-validate"
    stamp = CHECK_VENV / ".installed"
    wanted = (DEPLOY / "requirements-check.txt").read_text()
    if not program.exists() or not stamp.exists() or stamp.read_text() != wanted:
        venv.create(CHECK_VENV, with_pip=True, clear=True)
        subprocess.run([str(CHECK_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "--no-deps", "-r", str(DEPLOY / "requirements-check.txt")],
                       check=True)
        stamp.write_text(wanted)
    return program


def validate_kubernetes(paths: Iterable[Path]) -> List[str]:
    """Schema errors of the manifests ([] when all pass)."""
    result = subprocess.run([str(kubernetes_validate()), "--strict", "--quiet", "--no-warn",
                             "-k", KUBERNETES_VERSION, *map(str, paths)], capture_output=True, text=True)
    if result.returncode == 0:
        return []
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()] or [
        f"kubernetes-validate exited with {result.returncode}"]


def validate_compose(document: dict) -> List[str]:
    schema = json.loads((DEPLOY / "schema" / "compose-spec.json").read_text())
    return [f"compose {'/'.join(map(str, error.path))}: {error.message[:200]}"
            for error in jsonschema.Draft7Validator(schema).iter_errors(document)]


def load_manifests(paths: Iterable[Path]) -> List[dict]:
    return [doc for path in paths for doc in yaml.safe_load_all(path.read_text()) if doc]


def _pod(doc: dict) -> dict:
    spec = doc.get("spec", {})
    if doc.get("kind") == "CronJob":
        spec = spec.get("jobTemplate", {}).get("spec", {})
    return spec.get("template", {}).get("spec", {})


def _containers(doc: dict) -> List[dict]:
    spec = _pod(doc)
    return [*spec.get("initContainers", []), *spec.get("containers", [])]


def inlined_secrets(doc: dict) -> List[str]:
    """Secret values written into a manifest: a Secret with data, or an env value of a secret setting."""
    where = f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"
    found = []
    if doc.get("kind") == "Secret" and (doc.get("data") or doc.get("stringData")):
        found.append(f"{where}: a Secret with values in git (create it from the secret store instead)")
    if doc.get("kind") == "ConfigMap":
        found += [f"{where}: {key} holds a secret" for key, value in (doc.get("data") or {}).items()
                  if SECRET_NAME.search(key) and not str(value).startswith("/run/secrets/")]
    for container in _containers(doc):
        for variable in container.get("env", []):
            if SECRET_NAME.search(variable["name"]) and "value" in variable:
                found.append(f"{where}: {variable['name']} has a value (use valueFrom.secretKeyRef or _FILE)")
    return found


def compose_inlined_secrets(document: dict) -> List[str]:
    found = []
    for name, service in (document.get("services") or {}).items():
        environment = service.get("environment") or {}
        if isinstance(environment, list):
            environment = dict(item.split("=", 1) for item in environment if "=" in item)
        found += [f"compose {name}: {key} has a value (use a secret file and {key}_FILE)"
                  for key, value in environment.items()
                  if SECRET_NAME.search(key) and value is not None]
    return found


def image_problems(images: Dict[str, str]) -> List[str]:
    problems = []
    for where, image in images.items():
        if "@sha256:" in image:
            continue
        tag = image.rsplit("/", 1)[-1].partition(":")[2]
        if not tag or tag == "latest" or tag.startswith("${"):
            problems.append(f"{where}: image {image!r} needs a fixed tag or digest, never latest")
    return problems


def workload_problems(docs: List[dict]) -> List[str]:
    problems: List[str] = []
    workloads = {doc["metadata"]["name"]: doc for doc in docs if doc.get("kind") in WORKLOADS}
    budgets = {doc["spec"]["selector"]["matchLabels"].get("app.kubernetes.io/name")
               for doc in docs if doc.get("kind") == "PodDisruptionBudget"}
    for process in PROCESSES:
        doc = workloads.get(process)
        if doc is None:
            problems.append(f"process {process} of the production profile has no manifest")
            continue
        pod = _pod(doc)
        for container in pod["containers"]:
            if not container.get("resources", {}).get("requests"):
                problems.append(f"{process}: container {container['name']} has no resource requests")
            if process in SERVING:
                for probe in ("readinessProbe", "livenessProbe"):
                    if probe not in container:
                        problems.append(f"{process}: container {container['name']} has no {probe}")
            if container.get("args", [None])[0] != process:
                problems.append(f"{process}: the image's command should be {process!r} (deploy/entrypoint.sh)")
        if not pod.get("securityContext", {}).get("runAsNonRoot"):
            problems.append(f"{process}: pod may run as root (runAsNonRoot)")
        if process in SERVING and process not in budgets:
            problems.append(f"{process}: no PodDisruptionBudget")
    return problems


def kubernetes_images(docs: List[dict]) -> Dict[str, str]:
    return {f"{doc['kind']}/{doc['metadata']['name']}/{c['name']}": c.get("image", "")
            for doc in docs for c in _containers(doc)}


def compose_images(document: dict) -> Dict[str, str]:
    return {f"compose {name}": service["image"] for name, service in (document.get("services") or {}).items()
            if "image" in service and not str(service["image"]).startswith("${HS_IMAGE")}


def problems(k8s_dir: Optional[Path] = None, compose_file: Optional[Path] = None) -> List[str]:
    paths = sorted((k8s_dir or DEPLOY / "k8s").glob("*.yaml"))
    docs = load_manifests(paths)
    compose = yaml.safe_load((compose_file or DEPLOY / "compose.yaml").read_text())
    found = validate_kubernetes(paths) + validate_compose(compose)
    found += [problem for doc in docs for problem in inlined_secrets(doc)] + compose_inlined_secrets(compose)
    found += image_problems({**kubernetes_images(docs), **compose_images(compose)})
    found += workload_problems(docs)
    return found


def main() -> int:
    found = problems()
    for problem in found:
        print(problem)
    print(f"{len(found)} problem(s) in deploy/")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
