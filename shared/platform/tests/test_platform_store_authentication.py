"""The local store requires a login: anonymous and wrong-password clients are refused, each service's user works,
the secrets and data files are private, and a data folder from before authentication migrates on `up`."""

from __future__ import annotations

import dataclasses
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from pymongo import MongoClient
from pymongo.errors import OperationFailure
from rcm_platform.localstack import LocalStack, StackConfig, ferretdb
from rcm_platform.localstack.processes import process_alive, start_detached, stop_process
from rcm_platform.localstack.store_users import SECRETS_FILE_NAME, StoreUser
from rcm_platform.testing.endpoints import StackEndpoints
from rcm_schemas import CONSUMING_SERVICES

UNAUTHORIZED = 13
AUTHENTICATION_FAILED = 18


@pytest.fixture
def config(rcm_stack: StackEndpoints) -> StackConfig:
    assert rcm_stack.mode == "local", "these tests check the local stack's own store"
    return StackConfig.from_env()


@pytest.fixture
def anonymous(config: StackConfig) -> Iterator[MongoClient[dict[str, object]]]:
    client: MongoClient[dict[str, object]] = MongoClient(
        config.mongo_anonymous_uri, serverSelectionTimeoutMS=5000
    )
    yield client
    client.close()


def test_an_anonymous_client_may_ping_but_not_read(
    anonymous: MongoClient[dict[str, object]], unique_name: str
) -> None:
    assert anonymous.admin.command("ping")["ok"] == 1
    with pytest.raises(OperationFailure) as refused:
        anonymous[unique_name].things.find_one({})
    assert refused.value.code == UNAUTHORIZED
    with pytest.raises(OperationFailure) as listing:
        anonymous.list_database_names()
    assert listing.value.code == UNAUTHORIZED


def test_an_anonymous_client_cannot_write(
    anonymous: MongoClient[dict[str, object]], config: StackConfig, unique_name: str
) -> None:
    with pytest.raises(OperationFailure) as refused:
        anonymous[unique_name].things.insert_one({"_id": "anonymous"})
    assert refused.value.code == UNAUTHORIZED
    ops: MongoClient[dict[str, object]] = MongoClient(config.mongo_uri)
    try:
        assert unique_name not in ops.list_database_names()
    finally:
        ops.close()


def test_a_wrong_password_is_refused(config: StackConfig, unique_name: str) -> None:
    for username in (config.store_users().ops.username, "rcm_claims"):
        client: MongoClient[dict[str, object]] = MongoClient(
            StoreUser(username, "not-the-password").uri(config.mongo_address), serverSelectionTimeoutMS=5000
        )
        try:
            with pytest.raises(OperationFailure) as refused:
                client[unique_name].things.find_one({})
            assert refused.value.code == AUTHENTICATION_FAILED
        finally:
            client.close()


def test_each_service_user_writes_and_reads_its_own_database(config: StackConfig, unique_name: str) -> None:
    uris = config.service_mongo_uris()
    assert set(uris) == set(CONSUMING_SERVICES)
    for service, uri in uris.items():
        assert f"rcm_{service}:" in uri
        client: MongoClient[dict[str, object]] = MongoClient(uri)
        database = client[f"{unique_name}_{service}"]
        try:
            database.things.insert_one({"_id": service, "amount_cents": 1250})
            assert database.things.find_one({"_id": service}) == {"_id": service, "amount_cents": 1250}
        finally:
            client.drop_database(database.name)
            client.close()


def test_the_secrets_and_the_store_files_are_readable_by_the_owner_only(config: StackConfig) -> None:
    assert _mode(config.secrets_dir) == 0o700
    assert _mode(config.secrets_dir / SECRETS_FILE_NAME) == 0o600
    data = config.ferretdb_run_dir / "data"
    assert _mode(data) == 0o700
    files = list(data.iterdir())
    assert files, "the store has written no file yet"
    assert {path.name: _mode(path) for path in files} == {path.name: 0o600 for path in files}


def test_a_store_started_before_authentication_is_restarted_with_users_and_keeps_its_data(
    config: StackConfig, tmp_path: Path
) -> None:
    own = dataclasses.replace(config, run_dir=tmp_path / "stack", mongo_port=_free_port())
    pid_file = own.ferretdb_run_dir / "ferretdb.pid"
    data = own.ferretdb_run_dir / "data"
    data.mkdir(parents=True)
    data.chmod(0o755)
    # What an older checkout ran: the same server without -auth, files made world-readable.
    pid = start_detached(
        [str(ferretdb.ensure_binary(own)), f"-listen-addr={own.mongo_address}", f"-sqlite-dir={data}"],
        log_file=own.ferretdb_run_dir / "ferretdb.out",
        pid_file=pid_file,
        cwd=own.ferretdb_run_dir,
    )
    try:
        ferretdb.wait_until_ready(own, lambda: process_alive(pid))
        before: MongoClient[dict[str, object]] = MongoClient(own.mongo_anonymous_uri)
        before.rcm_claims.claims.insert_one({"_id": "claim-1", "balance_cents": 10000})
        before.close()
        for path in data.iterdir():
            path.chmod(0o644)
        assert not ferretdb.requires_authentication(own)

        assert LocalStack(own).up_store() is True

        assert ferretdb.requires_authentication(own)
        after: MongoClient[dict[str, object]] = MongoClient(own.service_mongo_uris()["claims"])
        try:
            assert after.rcm_claims.claims.find_one({"_id": "claim-1"}) == {
                "_id": "claim-1",
                "balance_cents": 10000,
            }
        finally:
            after.close()
        assert _mode(data) == 0o700
        assert {_mode(path) for path in data.iterdir()} == {0o600}
        assert LocalStack(own).up_store() is False  # a second `up` finds it as it should be
    finally:
        stop_process(pid_file, ferretdb.PROCESS_MARKER, timeout_s=10)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
