"""Settings every service shares; each service subclasses with its own env prefix (RCM_<SERVICE>_...)."""

from __future__ import annotations

from pydantic import AliasChoices, Field, FilePath, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from rcm_platform.kafka_access import KafkaAccess, SaslMechanism, SecurityProtocol


class ServiceSettings(BaseSettings):
    """Validated at start: a wrong value stops the service with a message naming the variable."""

    model_config = SettingsConfigDict(env_prefix="RCM_", extra="ignore", frozen=True)

    service_name: str = Field(min_length=1)
    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_security_protocol: SecurityProtocol = "PLAINTEXT"
    """SASL_SSL in production (TLS + SCRAM); SASL_PLAINTEXT on the local stack; PLAINTEXT only for a bare broker."""
    kafka_sasl_mechanism: SaslMechanism = "SCRAM-SHA-512"
    kafka_username: str = ""
    """This service's principal on the broker (the local stack names it after the service)."""
    kafka_password: SecretStr = SecretStr("")
    kafka_ca_file: FilePath | None = None
    """CA bundle that signed the brokers' certificates (SASL_SSL); unset: the system's trust store."""
    mongo_uri: str = Field(default="mongodb://127.0.0.1:27017/?directConnection=true", repr=False)
    """Carries the service's store user and password (mongodb://user:password@host/?authSource=admin)."""
    mongo_database: str = ""
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=0, ge=0, le=65535)
    consumer_group: str = ""
    topic_prefix: str = ""
    """Prepended to every topic name; tests use it to run isolated copies of the registry's topics."""
    max_attempts: int = Field(default=4, ge=1, le=20)
    """Attempts of a handler on transient errors before the event goes to the DLQ."""
    retry_base_delay_s: float = Field(default=0.2, gt=0, le=30)
    batch_max_records: int = Field(default=200, ge=1, le=5000)
    """Records the consumer takes at once; their outboxes go out in one producer flush and their offsets in one
    commit (rcm_platform.outbox_batch). 1: one record at a time, each published before the next."""
    batch_wait_ms: int = Field(default=100, ge=1, le=5000)
    """How long an idle consumer waits for records before it asks again; records already fetched are taken
    at once."""
    shutdown_timeout_s: float = Field(default=15.0, gt=0)
    auth_jwks: str = Field(default="", validation_alias=AliasChoices("auth_jwks", "RCM_AUTH_JWKS"))
    """The keys tokens are signed with: a JWKS file or URL (one identity provider for every service)."""
    auth_issuer: str = Field(
        default="rcm-dev", validation_alias=AliasChoices("auth_issuer", "RCM_AUTH_ISSUER")
    )
    auth_audience: str = Field(
        default="rcm-api", validation_alias=AliasChoices("auth_audience", "RCM_AUTH_AUDIENCE")
    )
    phi_keys_dir: str = Field(default="", validation_alias=AliasChoices("phi_keys_dir", "RCM_PHI_KEYS_DIR"))
    """The tenants' PHI keys (rcm_platform.phi.keys.FileKeyProvider); `rcm run` and tests set it. Empty: a
    service that meets PHI stops with a message naming RCM_PHI_KEYS_DIR rather than storing it in clear."""
    chain_check_interval_s: float = Field(default=300.0, gt=0)
    """How often the service walks its hash chains (audit trail, ledgers): rcm_chain_intact, /health/ready."""
    request_deadline_s: float = Field(
        default=8.0,
        gt=0,
        le=300,
        validation_alias=AliasChoices("request_deadline_s", "RCM_REQUEST_DEADLINE_S"),
    )
    """An HTTP request still unanswered after this gets 503 + Retry-After (the broker or the store is away)."""
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    """Request bodies past this get 413 before they are parsed (a service taking files raises its own)."""
    outbox_sweep_interval_s: float = Field(default=30.0, gt=0)
    """How often the outboxes whose publish failed in this process are sent again (see AggregateStore.sweep)."""
    startup_wait_s: float = Field(default=600.0, ge=0)
    """How long a starting service waits for an unavailable broker or store before it gives up (0: it does
    not wait). A fleet started before its infrastructure, or during an outage, comes up when it returns."""
    log_json: bool | None = None
    """None: JSON lines unless stderr is a terminal."""

    @field_validator("service_name")
    @classmethod
    def _lowercase_name(cls, value: str) -> str:
        if not value.replace("_", "").isalnum() or value != value.lower():
            raise ValueError("service_name must be lowercase letters, digits or underscores")
        return value

    @model_validator(mode="after")
    def _sasl_needs_credentials(self) -> ServiceSettings:
        if self.kafka_security_protocol != "PLAINTEXT" and not (
            self.kafka_username and self.kafka_password.get_secret_value()
        ):
            raise ValueError(
                f"kafka_security_protocol {self.kafka_security_protocol} needs kafka_username and kafka_password"
            )
        return self

    @property
    def kafka_access(self) -> KafkaAccess:
        return KafkaAccess(
            protocol=self.kafka_security_protocol,
            mechanism=self.kafka_sasl_mechanism,
            username=self.kafka_username,
            password=self.kafka_password.get_secret_value(),
            ca_file=str(self.kafka_ca_file or ""),
        )

    @property
    def database_name(self) -> str:
        return self.mongo_database or f"rcm_{self.service_name}"

    @property
    def group_id(self) -> str:
        return self.consumer_group or f"rcm.{self.service_name}"

    def topic(self, name: str) -> str:
        return f"{self.topic_prefix}{name}"


def environment_names(settings_class: type[BaseSettings], prefix: str) -> set[str]:
    """Every environment variable a settings class reads under `prefix` (its aliases included): deployment files
    are checked against it, since a misspelt variable is otherwise ignored without a word."""
    names = set()
    for field_name, info in settings_class.model_fields.items():
        names.add(f"{prefix}{field_name.upper()}")
        if isinstance(info.validation_alias, AliasChoices):
            names.update(str(choice).upper() for choice in info.validation_alias.choices)
    return names
