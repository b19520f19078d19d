"""The Kubernetes base of deploy/k8s, written from the code (`rcm docs k8s`): one Deployment, Service and
PodDisruptionBudget per service, and two ways to scale them (KEDA on consumer lag, or an HPA on CPU).

Generated rather than hand-written so what the cluster runs cannot drift from the code: the probe paths are the
kit's health routes, the settings are the services' own environment variables, the consumer group is the one the
service joins, and the most replicas worth running is the partition count of the service's input topics (a
consumer group gives each partition to one member; more members sit idle). A test checks the files are current.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from rcm_schemas import CONSUMING_SERVICES
from rcm_schemas.topics import TOPICS

HTTP_PORT = 8080
IMAGE = "rcm-service"
"""deploy/docker's one image for the seven services; the command picks the service."""
SHUTDOWN_TIMEOUT_S = 30
GRACE_PERIOD_S = 45
"""Longer than the consumer's shutdown (SHUTDOWN_TIMEOUT_S): a stopping pod finishes its batch and commits."""
STARTUP_WAIT_S = 600
"""A service started before its broker or store waits this long for them (ServiceSettings.startup_wait_s)."""
MEMORY_REQUEST = "192Mi"
MEMORY_LIMIT = "384Mi"
"""`rcm bench -n 2000`: every service stayed at or under 191 MB RSS; the limit leaves twice that."""
CPU_REQUEST = "250m"
LAG_PER_REPLICA = "500"
"""Unread records per replica before KEDA adds one: about a minute of one replica's work at today's rate."""
PHI_KEYS_DIR = "/var/run/rcm/phi-keys"
HEALTH_LIVE, HEALTH_READY = "/health/live", "/health/ready"


def input_topics(service: str) -> list[str]:
    return sorted(topic.name for topic in TOPICS if service in topic.consumers)


def max_useful_replicas(service: str) -> int:
    """A consumer group gives each partition to one member: more members than the widest input topic idle."""
    return max(topic.partitions for topic in TOPICS if service in topic.consumers)


def _labels(service: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": service, "app.kubernetes.io/part-of": "rcm"}


def _env_prefix(service: str) -> str:
    return f"RCM_{service.upper()}_"


def deployment(service: str) -> dict[str, Any]:
    prefix = _env_prefix(service)
    probe = {"port": "http"}
    container = {
        "name": service,
        "image": IMAGE,
        "command": ["python", "-m", f"rcm_{service}"],
        "ports": [{"name": "http", "containerPort": HTTP_PORT}],
        "env": [
            {"name": f"{prefix}HTTP_HOST", "value": "0.0.0.0"},
            {"name": f"{prefix}HTTP_PORT", "value": str(HTTP_PORT)},
            {"name": f"{prefix}SHUTDOWN_TIMEOUT_S", "value": str(SHUTDOWN_TIMEOUT_S)},
            {"name": f"{prefix}STARTUP_WAIT_S", "value": str(STARTUP_WAIT_S)},
            {"name": f"{prefix}LOG_JSON", "value": "true"},
            {"name": "RCM_PHI_KEYS_DIR", "value": PHI_KEYS_DIR},
        ],
        "envFrom": [
            {"configMapRef": {"name": "rcm-settings"}},
            {"secretRef": {"name": f"rcm-{service}-credentials"}},
        ],
        "startupProbe": {
            "httpGet": {"path": HEALTH_LIVE, **probe},
            "periodSeconds": 10,
            "failureThreshold": STARTUP_WAIT_S // 10,
        },
        "livenessProbe": {
            "httpGet": {"path": HEALTH_LIVE, **probe},
            "periodSeconds": 10,
            "failureThreshold": 3,
        },
        "readinessProbe": {
            "httpGet": {"path": HEALTH_READY, **probe},
            "periodSeconds": 5,
            "failureThreshold": 2,
        },
        "resources": {
            "requests": {"cpu": CPU_REQUEST, "memory": MEMORY_REQUEST},
            "limits": {"memory": MEMORY_LIMIT},
        },
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        },
        "volumeMounts": [
            {"name": "phi-keys", "mountPath": PHI_KEYS_DIR},
            {"name": "tmp", "mountPath": "/tmp"},
        ],
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": service, "labels": _labels(service)},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": _labels(service)},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
            "template": {
                "metadata": {"labels": _labels(service)},
                "spec": {
                    "terminationGracePeriodSeconds": GRACE_PERIOD_S,
                    "securityContext": {
                        "runAsNonRoot": True,
                        "runAsUser": 10001,
                        "runAsGroup": 10001,
                        "fsGroup": 10001,
                        "seccompProfile": {"type": "RuntimeDefault"},
                    },
                    "containers": [container],
                    "volumes": [
                        # Every service seals PHI with the same tenant keys, and creates a tenant's first key:
                        # a shared writable volume (ReadWriteMany), until a KMS-backed key provider exists.
                        {"name": "phi-keys", "persistentVolumeClaim": {"claimName": "rcm-phi-keys"}},
                        {"name": "tmp", "emptyDir": {}},
                    ],
                },
            },
        },
    }


def http_service(service: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": service, "labels": _labels(service)},
        "spec": {
            "selector": _labels(service),
            "ports": [{"name": "http", "port": 80, "targetPort": "http"}],
        },
    }


def disruption_budget(service: str) -> dict[str, Any]:
    # maxUnavailable rather than minAvailable: a single replica can still be drained (its partitions move).
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": service, "labels": _labels(service)},
        "spec": {"maxUnavailable": 1, "selector": {"matchLabels": _labels(service)}},
    }


def lag_scaler(service: str) -> dict[str, Any]:
    """KEDA: replicas follow the consumer group's lag on each input topic, CPU as a second signal."""
    triggers: list[dict[str, Any]] = [
        {
            "type": "kafka",
            "metadata": {
                # Read by KEDA from the Deployment's own environment (the rcm-settings ConfigMap).
                "bootstrapServersFromEnv": f"{_env_prefix(service)}KAFKA_BOOTSTRAP",
                "consumerGroup": f"rcm.{service}",
                "topic": topic,
                "lagThreshold": LAG_PER_REPLICA,
                "offsetResetPolicy": "earliest",
            },
            "authenticationRef": {"name": "rcm-kafka-scaler"},
        }
        for topic in input_topics(service)
    ]
    triggers.append({"type": "cpu", "metricType": "Utilization", "metadata": {"value": "75"}})
    return {
        "apiVersion": "keda.sh/v1alpha1",
        "kind": "ScaledObject",
        "metadata": {"name": service, "labels": _labels(service)},
        "spec": {
            "scaleTargetRef": {"name": service},
            "minReplicaCount": 1,
            "maxReplicaCount": max_useful_replicas(service),
            "pollingInterval": 15,
            "cooldownPeriod": 300,
            "triggers": triggers,
        },
    }


def cpu_scaler(service: str) -> dict[str, Any]:
    """Without KEDA: an HPA on CPU, bounded the same way."""
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": service, "labels": _labels(service)},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": service},
            "minReplicas": 1,
            "maxReplicas": max_useful_replicas(service),
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 75}},
                }
            ],
        },
    }


KAFKA_BOOTSTRAP = "rcm-kafka-bootstrap:9093"
"""The brokers' TLS listener as a Strimzi `Kafka` named rcm-kafka exposes it (an overlay names another)."""


def settings_env() -> str:
    """base/settings.env, the rcm-settings ConfigMap: what every service reads and nothing secret (the store
    URIs carry passwords: they are in each service's rcm-<service>-credentials Secret)."""
    lines = [
        "# Generated by `rcm docs k8s`; an overlay's configMapGenerator (behavior: merge) overrides any value.",
        "RCM_AUTH_JWKS=https://identity.invalid/.well-known/jwks.json",
        "RCM_AUTH_ISSUER=rcm",
        "RCM_AUTH_AUDIENCE=rcm-api",
    ]
    for service in CONSUMING_SERVICES:
        prefix = _env_prefix(service)
        lines += [f"{prefix}KAFKA_BOOTSTRAP={KAFKA_BOOTSTRAP}", f"{prefix}KAFKA_SECURITY_PROTOCOL=SASL_SSL"]
    return "\n".join(lines) + "\n"


def _documents(documents: list[dict[str, Any]]) -> str:
    header = "# Generated by `rcm docs k8s` from the code (tools/rcmctl/src/rcmctl/k8s_manifests.py): do not edit.\n"
    return header + "---\n".join(yaml.safe_dump(d, sort_keys=False) for d in documents)


def render_base() -> dict[str, str]:
    """File name (under deploy/k8s/) -> content."""
    files = {
        f"base/{service}.yaml": _documents(
            [deployment(service), http_service(service), disruption_budget(service)]
        )
        for service in CONSUMING_SERVICES
    }
    files["base/settings.env"] = settings_env()
    files["components/keda/scaled-objects.yaml"] = _documents([lag_scaler(s) for s in CONSUMING_SERVICES])
    files["components/hpa/autoscalers.yaml"] = _documents([cpu_scaler(s) for s in CONSUMING_SERVICES])
    return files


def write_base(folder: Path) -> list[str]:
    """Write the generated files; the names of those that changed."""
    changed = []
    for name, content in render_base().items():
        path = folder / name
        if not path.exists() or path.read_text() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)
            changed.append(name)
    return changed


def stale_files(folder: Path) -> list[str]:
    """The generated files missing or different from what the code gives now."""
    return sorted(
        name
        for name, content in render_base().items()
        if not (folder / name).exists() or (folder / name).read_text() != content
    )
