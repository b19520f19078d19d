"""Who a client is on Kafka and how it connects: the one place every Kafka client in the repo gets its credentials.

Services take theirs from their settings (RCM_<SERVICE>_KAFKA_*). Tools and tests take `tool_access(bootstrap)`:
the RCM_KAFKA_* variables when set, else the local stack's admin principal for a broker on this machine.
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass, field
from typing import Any, Literal, cast, get_args

from faststream.kafka.security import parse_security
from faststream.security import BaseSecurity, SASLScram256, SASLScram512

SecurityProtocol = Literal["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["SCRAM-SHA-512", "SCRAM-SHA-256"]
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class KafkaAccess:
    protocol: SecurityProtocol = "PLAINTEXT"
    mechanism: SaslMechanism = "SCRAM-SHA-512"
    username: str = ""
    password: str = field(default="", repr=False)
    ca_file: str = ""
    """CA bundle that signed the brokers' certificates (SASL_SSL); empty: the system's trust store."""

    def security(self) -> BaseSecurity | None:
        """FastStream's form, for a KafkaBroker; None is plain, unauthenticated PLAINTEXT."""
        if self.protocol == "PLAINTEXT":
            return None
        context = (
            ssl.create_default_context(cafile=self.ca_file or None) if self.protocol == "SASL_SSL" else None
        )
        scram = SASLScram512 if self.mechanism == "SCRAM-SHA-512" else SASLScram256
        return scram(self.username, self.password, ssl_context=context, use_ssl=context is not None)

    def settings_values(self) -> dict[str, Any]:
        """The same access as ServiceSettings fields (an in-process test service)."""
        return {
            "kafka_security_protocol": self.protocol,
            "kafka_sasl_mechanism": self.mechanism,
            "kafka_username": self.username,
            "kafka_password": self.password,
            **({"kafka_ca_file": self.ca_file} if self.ca_file else {}),
        }

    def env(self, prefix: str) -> dict[str, str]:
        """The same access as a service's environment variables, e.g. prefix RCM_CLAIMS_ (a service process)."""
        return {f"{prefix}{name.upper()}": str(value) for name, value in self.settings_values().items()}


def kafka_client_options(bootstrap: str, access: KafkaAccess | None = None) -> dict[str, Any]:
    """Keyword arguments for any aiokafka client (producer, consumer, admin): the servers and the credentials.

    Without `access`, the tools' access to that broker (`tool_access`).
    """
    chosen = access if access is not None else tool_access(bootstrap)
    return {"bootstrap_servers": bootstrap, **parse_security(chosen.security())}


def tool_access(bootstrap: str, principal: str = "admin") -> KafkaAccess:
    """Tools and tests: RCM_KAFKA_SECURITY_PROTOCOL (with _SASL_MECHANISM, _USERNAME, _PASSWORD, _CA_FILE) when set;
    else, for a broker on this machine, the local stack's `principal` (admin, or a service for the processes rcmctl
    starts) once `rcm stack up` has made it; else plain PLAINTEXT."""
    env = os.environ
    if protocol := env.get("RCM_KAFKA_SECURITY_PROTOCOL"):
        mechanism = env.get("RCM_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
        return KafkaAccess(
            protocol=cast(SecurityProtocol, _one_of(protocol, get_args(SecurityProtocol))),
            mechanism=cast(SaslMechanism, _one_of(mechanism, get_args(SaslMechanism))),
            username=env.get("RCM_KAFKA_USERNAME", ""),
            password=env.get("RCM_KAFKA_PASSWORD", ""),
            ca_file=env.get("RCM_KAFKA_CA_FILE", ""),
        )
    if bootstrap.rsplit(":", 1)[0] in _LOOPBACK_HOSTS:
        return local_stack_access(principal) or KafkaAccess()
    return KafkaAccess()


def local_stack_access(principal: str) -> KafkaAccess | None:
    """A principal of the local stack (`admin` or a service name), None before `rcm stack up` made the secrets."""
    from rcm_platform.localstack.config import StackConfig
    from rcm_platform.localstack.kafka_secrets import principal_access

    try:
        config = StackConfig.from_env()
    except (FileNotFoundError, ValueError):  # not inside a checkout: no local stack to speak of
        return None
    return principal_access(config, principal)


def _one_of(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
    return value
