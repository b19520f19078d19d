"""The composition root: what coding subscribes to, and the diagnosis index warmed once it has started."""

from __future__ import annotations

from rcm_coding.app import build_app, default_settings
from rcm_platform.testing.in_memory import in_memory_service


def test_coding_subscribes_to_registrations_and_its_coder_commands() -> None:
    world = in_memory_service(build_app, default_settings())
    consumer = world.service.consumer
    assert set(consumer.handlers) == {"EncounterRegistered", "AssignCodingReview", "CompleteCodingReview"}
    assert sorted(consumer.topics) == ["rcm.coding.commands", "rcm.registration.events"]
    hooks = [hook.__name__ for hook in world.service.on_started]
    assert hooks == ["warm_diagnosis_index"]
