"""Deployment files of a repository: which Dockerfiles ship, where a repository-level
finding is anchored, CI and tooling configuration, Procfiles and process commands."""

from __future__ import annotations

import re

from auditor.analysis.dockerfile import Dockerfile, Instruction, Stage, dockerfiles, image_ref
from auditor.analysis.service import is_product_path
from auditor.project import ProjectIndex

CI_FILES = (
    ".github/workflows/*.yml", ".github/workflows/*.yaml", ".gitlab-ci.yml", ".gitlab-ci.yaml",
    ".circleci/config.yml", ".circleci/config.yaml", "Jenkinsfile", "Jenkinsfile.*", "azure-pipelines.yml",
    "azure-pipelines.yaml", ".azure-pipelines/*.yml", ".travis.yml", "bitbucket-pipelines.yml", ".drone.yml",
    ".woodpecker.yml", ".woodpecker/*.yml", ".buildkite/*.yml", ".buildkite/*.yaml", "appveyor.yml",
    ".appveyor.yml", "cloudbuild.yaml", "cloudbuild.yml", ".semaphore/semaphore.yml", "buildspec.yml",
    "codefresh.yml", ".gitea/workflows/*.yml", ".forgejo/workflows/*.yml", ".teamcity/settings.kts",
)
COMPOSE_FILES = ("docker-compose*.yml", "docker-compose*.yaml", "compose.yml", "compose.yaml", "compose.*.yml", "compose.*.yaml")
PROCFILES = ("Procfile", "Procfile.*")


def deployed_dockerfiles(project: ProjectIndex) -> list[Dockerfile]:
    """Dockerfiles that build what is deployed: not under tests/, examples/, docs/, and
    not a development container (`.devcontainer/`)."""
    return [d for d in dockerfiles(project) if is_product_path(d.path) and ".devcontainer/" not in f"/{d.path}"]


def stage_chain(dockerfile: Dockerfile, stage: Stage) -> list[Stage]:
    """The stage and the earlier stages it builds on (`FROM build AS final`), nearest first."""
    chain = [stage]
    names = {s.name: s for s in dockerfile.stages[: stage.index] if s.name}
    seen = {stage.index}
    current = stage
    while current.image.lower() in names:
        parent = names[current.image.lower()]
        if parent.index in seen:
            break
        seen.add(parent.index)
        chain.append(parent)
        current = parent
        names = {s.name: s for s in dockerfile.stages[: current.index] if s.name}
    return chain


def last_in_chain(dockerfile: Dockerfile, stage: Stage, keyword: str) -> Instruction | None:
    """The instruction in effect in `stage` (its own, or inherited from a parent stage)."""
    for s in stage_chain(dockerfile, stage):
        found = s.last(keyword)
        if found is not None:
            return found
    return None


def base_image(dockerfile: Dockerfile, stage: Stage) -> str:
    """The registry image a stage finally starts from (through `FROM <stage>` links)."""
    return stage_chain(dockerfile, stage)[-1].image


def is_stage_reference(dockerfile: Dockerfile, stage: Stage) -> bool:
    return stage.image.lower() in {s.name for s in dockerfile.stages[: stage.index] if s.name}


def anchor(project: ProjectIndex) -> tuple[str, int]:
    """Where a finding about the whole repository goes: the first deployment file, else the
    package metadata, else the first product module (line 1)."""
    for patterns in (("Dockerfile", "Containerfile"), PROCFILES, COMPOSE_FILES, ("pyproject.toml", "setup.cfg")):
        found = [f for f in project.files_matching(*patterns) if is_product_path(f)]
        if found:
            return sorted(found, key=lambda f: (f.count("/"), f))[0], 1
    modules = sorted(
        (m.file for m in project.modules.values() if not m.is_test and is_product_path(m.file)),
        key=lambda f: (f.rsplit("/", 1)[-1] not in ("manage.py", "setup.py", "app.py", "main.py"), f.count("/"), f),
    )
    return (modules[0], 1) if modules else ("", 0)


def has_orchestrator_probes(project: ProjectIndex) -> bool:
    """Compose healthchecks or Kubernetes probes: the image need not carry a HEALTHCHECK."""
    for rel in project.files_matching(*COMPOSE_FILES, "*.yml", "*.yaml"):
        if not is_product_path(rel):
            continue
        text = project.read_text(rel, limit=512 * 1024) or ""
        if re.search(r"^\s*(healthcheck|livenessProbe|readinessProbe|startupProbe)\s*:", text, re.M):
            return True
    return False


def image_is_nonroot(image: str) -> bool:
    """Images that already run as an unprivileged user."""
    ref = image_ref(image)
    return (
        "nonroot" in ref.tag
        or ref.name.startswith(("cgr.dev/", "bitnami/", "docker.io/bitnami/"))
        or "chainguard" in ref.name
    )
