"""Kafka ACLs derived from the topic registry: each service principal reads its inputs and writes only its own topics.

A service may READ the topics whose `consumers` name it (and its consumer group) and WRITE the topics it owns (its
events, its commands, its DLQ). Nothing else: the broker runs with allow.everyone.if.no.acl.found=false, so another
service's output topic is refused. A world (demo, bench, e2e run) gets the same ACLs for its prefixed names.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from enum import IntEnum

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.protocol.admin import (
    CreateAclsRequest_v1,
    DeleteAclsRequest_v1,
    DescribeAclsRequest_v1,
)
from aiokafka.protocol.api import Request
from rcm_schemas import CONSUMING_SERVICES, all_topics

from rcm_platform.kafka_access import KafkaAccess, kafka_client_options

SECURITY_DISABLED = 54
"""The broker has no authorizer (a bare PLAINTEXT broker, e.g. a test container): there is nothing to grant."""
CLUSTER = "kafka-cluster"


class ResourceType(IntEnum):  # Kafka's wire codes
    ANY = 1
    TOPIC = 2
    GROUP = 3
    CLUSTER = 4


class Operation(IntEnum):
    ANY = 1
    READ = 3
    WRITE = 4
    DESCRIBE = 8
    IDEMPOTENT_WRITE = 12


LITERAL, PATTERN_ANY = 3, 1
ALLOW, PERMISSION_ANY = 3, 1


@dataclass(frozen=True)
class AclBinding:
    """ALLOW `principal` to do `operation` on one literally named resource, from any host."""

    resource_type: ResourceType
    resource_name: str
    principal: str
    operation: Operation


def consumer_group(service: str, topic_prefix: str = "") -> str:
    """The group a service consumes with: ServiceSettings' default, under the world's prefix."""
    return f"{topic_prefix}rcm.{service}"


def service_acls(service: str, topic_prefix: str = "") -> list[AclBinding]:
    principal = f"User:{service}"
    bindings = [AclBinding(ResourceType.CLUSTER, CLUSTER, principal, Operation.IDEMPOTENT_WRITE)]
    for topic in all_topics():
        name = topic_prefix + topic.name
        if service in topic.consumers:
            bindings += [
                AclBinding(ResourceType.TOPIC, name, principal, Operation.READ),
                AclBinding(ResourceType.TOPIC, name, principal, Operation.DESCRIBE),
            ]
        if topic.owner == service:
            bindings += [
                AclBinding(ResourceType.TOPIC, name, principal, Operation.WRITE),
                AclBinding(ResourceType.TOPIC, name, principal, Operation.DESCRIBE),
            ]
    group = consumer_group(service, topic_prefix)
    bindings.append(AclBinding(ResourceType.GROUP, group, principal, Operation.READ))
    return list(dict.fromkeys(bindings))  # a service reading its own commands gets DESCRIBE once


def registry_acls(topic_prefix: str = "") -> list[AclBinding]:
    """Every service principal's ACLs for the registry's topics (under a world's prefix)."""
    return [binding for service in CONSUMING_SERVICES for binding in service_acls(service, topic_prefix)]


class _CreateAcls(Request[CreateAclsRequest_v1]):  # type: ignore[misc]  # aiokafka ships no types
    """CreateAcls v1 with many bindings in one request (aiokafka's own builder sends one)."""

    API_KEY = 30

    def __init__(self, bindings: list[AclBinding]) -> None:
        self.bindings = bindings

    def build(self, request_struct_class: type[CreateAclsRequest_v1]) -> CreateAclsRequest_v1:
        return request_struct_class(
            [
                (b.resource_type, b.resource_name, LITERAL, b.principal, "*", b.operation, ALLOW)
                for b in self.bindings
            ]
        )


class _DescribeAllAcls(Request[DescribeAclsRequest_v1]):  # type: ignore[misc]  # aiokafka ships no types
    API_KEY = 29

    def build(self, request_struct_class: type[DescribeAclsRequest_v1]) -> DescribeAclsRequest_v1:
        return request_struct_class(
            ResourceType.ANY, None, PATTERN_ANY, None, None, Operation.ANY, PERMISSION_ANY
        )


class _DeleteAcls(Request[DeleteAclsRequest_v1]):  # type: ignore[misc]  # aiokafka ships no types
    API_KEY = 31

    def __init__(self, resources: list[tuple[int, str]]) -> None:
        self.resources = resources

    def build(self, request_struct_class: type[DeleteAclsRequest_v1]) -> DeleteAclsRequest_v1:
        return request_struct_class(
            [
                (kind, name, LITERAL, None, None, Operation.ANY, PERMISSION_ANY)
                for kind, name in self.resources
            ]
        )


async def grant(bootstrap: str, bindings: list[AclBinding], access: KafkaAccess | None = None) -> bool:
    """Create the ACLs and wait until the broker enforces them; False when the broker has no authorizer.

    Creating an ACL that exists is a no-op, so granting twice is safe.
    """
    admin = AIOKafkaAdminClient(**kafka_client_options(bootstrap, access), request_timeout_ms=30000)
    await admin.start()
    try:
        response = await admin._send_to_controller(
            _CreateAcls(bindings)
        )  # no public API for ACLs in aiokafka
        codes = {code for code, _ in response.creation_responses}
        if codes == {SECURITY_DISABLED}:
            return False
        if codes - {0}:
            failures = {f"{code}: {message}" for code, message in response.creation_responses if code}
            raise RuntimeError("ACL creation refused: " + "; ".join(sorted(failures)))
        await _until_enforced(admin, bindings)
        return True
    finally:
        await admin.close()


async def _until_enforced(
    admin: AIOKafkaAdminClient, bindings: list[AclBinding], timeout_s: float = 15.0
) -> None:
    """The controller commits ACLs first and the broker's authorizer applies them a moment later: wait for it,
    or a client started right after `grant` would be refused."""
    wanted = set(bindings)
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        described = await admin._send_request(_DescribeAllAcls())
        enforced = {
            AclBinding(ResourceType(kind), name, principal, Operation(operation))
            for kind, name, _, acls in described.resources
            for principal, _, operation, _ in acls
            if kind in iter(ResourceType) and operation in iter(Operation)
        }
        if wanted <= enforced:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise RuntimeError(
                f"the broker did not apply {len(wanted - enforced)} new ACLs within {timeout_s:.0f}s"
            )
        await asyncio.sleep(0.1)


async def grant_registry_acls(
    bootstrap: str, topic_prefix: str = "", access: KafkaAccess | None = None
) -> bool:
    """The service principals' ACLs for the registry's topics under `topic_prefix`; False on a broker without ACLs."""
    return await grant(bootstrap, registry_acls(topic_prefix), access)


async def revoke_acls_under(bootstrap: str, prefix: str, access: KafkaAccess | None = None) -> int:
    """Delete every ACL on a topic or group whose name starts with `prefix` (a finished world); returns how many."""
    admin = AIOKafkaAdminClient(**kafka_client_options(bootstrap, access), request_timeout_ms=30000)
    await admin.start()
    try:
        described = await admin._send_to_controller(_DescribeAllAcls())
        if described.error_code == SECURITY_DISABLED:
            return 0
        # rows: (resource type, resource name, pattern type, acls)
        resources = sorted(
            {(row[0], row[1]) for row in described.resources if row[1].startswith(prefix) and row[3]}
        )
        if not resources:
            return 0
        deleted = await admin._send_to_controller(_DeleteAcls(resources))
        return sum(len(result[2]) for result in deleted.filter_responses)
    finally:
        await admin.close()
