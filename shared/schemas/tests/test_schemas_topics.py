from collections import Counter

import pytest
from rcm_schemas import CONSUMING_SERVICES, TOPICS, UnknownEventType, all_topics, dlq_topic, topic_for
from rcm_schemas.registry import all_event_classes, current_event_classes

DAY_MS = 86_400_000


def test_every_event_type_is_in_exactly_one_topic() -> None:
    counts = Counter(event_type for topic in TOPICS for event_type in topic.event_types)
    registered = {cls.EVENT_TYPE for cls in all_event_classes()}
    assert set(counts) == registered
    assert all(count == 1 for count in counts.values()), counts


def test_partition_key_field_exists_on_every_payload_class() -> None:
    for cls in all_event_classes():
        topic = topic_for(cls.EVENT_TYPE)
        assert topic.partition_key == cls.PARTITION_KEY, cls.__name__
        assert cls.PARTITION_KEY in cls.model_fields, cls.__name__
        assert cls.model_fields[cls.PARTITION_KEY].is_required(), cls.__name__


def test_naming_partitions_and_retention() -> None:
    names = [topic.name for topic in all_topics()]
    assert len(names) == len(set(names))
    for topic in TOPICS:
        owner_and_kind = topic.name.split(".")
        assert owner_and_kind[0] == "rcm" and len(owner_and_kind) == 3
        assert topic.partitions == 6 and topic.retention_ms == 7 * DAY_MS
    assert topic_for("RemittanceReceived").name == "rcm.clearinghouse.remittances"
    assert topic_for("RemittanceReceived").partition_key == "trace_number"
    assert topic_for("EncounterRegistered").partition_key == "encounter_id"
    assert topic_for("ClaimDenied").name == "rcm.remittance.events"


def test_commands_live_on_command_topics() -> None:
    commands = {
        "CorrectRegistration",
        "CorrectCoverage",
        "AssignCodingReview",
        "CompleteCodingReview",
        "UpdateHeldClaim",
        "ReleaseHeldClaim",
        "SetHeldClaimDetails",
        "MatchRemittanceLine",
        "AssignWorkItem",
        "ResolveDenial",
        "FileAppeal",
        "WriteOffDenial",
        "SettleCorrectedDenial",
        "ReclassifyDenial",
    }
    for cls in current_event_classes():
        assert topic_for(cls.EVENT_TYPE).name.endswith(".commands") == (cls.EVENT_TYPE in commands)


def test_dlqs() -> None:
    dlqs = [topic for topic in all_topics() if topic.name.startswith("rcm.dlq.")]
    assert [topic.name for topic in dlqs] == [f"rcm.dlq.{service}" for service in CONSUMING_SERVICES]
    assert dlq_topic("claims").retention_ms == 30 * DAY_MS
    assert dlq_topic("claims").partition_key == "original_key"
    with pytest.raises(ValueError):
        dlq_topic("billing")


def test_unknown_event_type_has_no_topic() -> None:
    with pytest.raises(UnknownEventType):
        topic_for("Nope")
