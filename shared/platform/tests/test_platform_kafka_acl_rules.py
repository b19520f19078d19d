"""Which ACLs each service principal gets from the topic registry, and how services are told their credentials."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from rcm_platform.kafka_access import KafkaAccess, kafka_client_options
from rcm_platform.kafka_acls import AclBinding, Operation, ResourceType, registry_acls, service_acls
from rcm_platform.settings import ServiceSettings
from rcm_schemas import CONSUMING_SERVICES


def _topics(bindings: list[AclBinding], operation: Operation) -> set[str]:
    return {
        b.resource_name
        for b in bindings
        if b.resource_type is ResourceType.TOPIC and b.operation is operation
    }


def test_claims_writes_only_its_own_topics_and_reads_only_what_it_consumes() -> None:
    bindings = service_acls("claims")
    assert _topics(bindings, Operation.WRITE) == {
        "rcm.claims.events",
        "rcm.claims.commands",
        "rcm.dlq.claims",
    }
    assert _topics(bindings, Operation.READ) == {
        "rcm.claims.commands",
        "rcm.coding.events",
        "rcm.clearinghouse.events",
        "rcm.remittance.events",
        "rcm.denials.events",
    }
    assert {b.principal for b in bindings} == {"User:claims"}
    groups = [b for b in bindings if b.resource_type is ResourceType.GROUP]
    assert [(g.resource_name, g.operation) for g in groups] == [("rcm.claims", Operation.READ)]
    assert (
        AclBinding(ResourceType.CLUSTER, "kafka-cluster", "User:claims", Operation.IDEMPOTENT_WRITE)
        in bindings
    )


def test_a_world_gets_the_same_rights_on_its_prefixed_names_only() -> None:
    plain = service_acls("remittance")
    world = service_acls("remittance", "run42.")
    assert len(world) == len(plain)
    assert all(
        b.resource_name.startswith("run42.") for b in world if b.resource_type is not ResourceType.CLUSTER
    )
    assert ("run42.rcm.remittance", Operation.READ) in {(b.resource_name, b.operation) for b in world}


def test_no_topic_is_writable_by_two_principals() -> None:
    writers: dict[str, set[str]] = {}
    for binding in registry_acls():
        if binding.operation is Operation.WRITE:
            writers.setdefault(binding.resource_name, set()).add(binding.principal)
    assert all(len(principals) == 1 for principals in writers.values()), writers
    assert {p for ps in writers.values() for p in ps} == {f"User:{s}" for s in CONSUMING_SERVICES}


def test_sasl_settings_need_a_principal_and_keep_the_password_out_of_reprs() -> None:
    with pytest.raises(ValidationError, match="kafka_username and kafka_password"):
        ServiceSettings(service_name="claims", kafka_security_protocol="SASL_PLAINTEXT")
    settings = ServiceSettings(
        service_name="claims",
        kafka_security_protocol="SASL_SSL",
        kafka_username="claims",
        kafka_password="s3cret-pw",
    )
    assert "s3cret-pw" not in repr(settings) and "s3cret-pw" not in repr(settings.kafka_access)
    options = kafka_client_options("broker:9093", settings.kafka_access)
    assert options["security_protocol"] == "SASL_SSL" and options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_username"] == "claims" and options["ssl_context"] is not None


def test_a_service_process_is_told_its_access_through_its_own_variables() -> None:
    access = KafkaAccess(protocol="SASL_PLAINTEXT", username="coding", password="pw")
    env = access.env("RCM_CODING_")
    assert env["RCM_CODING_KAFKA_SECURITY_PROTOCOL"] == "SASL_PLAINTEXT"
    assert env["RCM_CODING_KAFKA_USERNAME"] == "coding" and env["RCM_CODING_KAFKA_PASSWORD"] == "pw"
    assert kafka_client_options("127.0.0.1:1", KafkaAccess()) == {"bootstrap_servers": "127.0.0.1:1"}
