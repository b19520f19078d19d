"""The real local stack for development and tests: Apache Kafka (KRaft) and FerretDB, no Docker needed."""

from rcm_platform.localstack.config import StackConfig
from rcm_platform.localstack.errors import StackError
from rcm_platform.localstack.stack import LocalStack

__all__ = ["LocalStack", "StackConfig", "StackError"]
