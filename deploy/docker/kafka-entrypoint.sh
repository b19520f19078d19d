#!/usr/bin/env bash
# One Kafka 4 node in KRaft combined mode. Two client listeners, because containers and the host reach the broker
# by different names: INTERNAL (port 9092, advertised as KAFKA_INTERNAL_HOST, the compose service name) and
# EXTERNAL (KAFKA_EXTERNAL_PORT, advertised as KAFKA_EXTERNAL_HOST:KAFKA_EXTERNAL_PORT, published on the host's
# loopback). The log dir is formatted once; a restarted container keeps its topics.
set -euo pipefail
umask 077  # log segments hold (sealed) events: readable by the broker's user only

data_dir=${KAFKA_DATA_DIR:-/var/lib/kafka/data}
internal_host=${KAFKA_INTERNAL_HOST:-$(hostname)}
external_host=${KAFKA_EXTERNAL_HOST:-127.0.0.1}
external_port=${KAFKA_EXTERNAL_PORT:-19092}
heap_mb=${KAFKA_HEAP_MB:-512}
case "$external_port" in
  ''|*[!0-9]*) echo "kafka: KAFKA_EXTERNAL_PORT must be a port number, not '$external_port'" >&2; exit 64 ;;
esac
[ "$external_port" = 9092 ] || [ "$external_port" = 9093 ] \
  && { echo "kafka: KAFKA_EXTERNAL_PORT=$external_port is taken by the internal listeners (9092, 9093)" >&2; exit 64; }

conf_dir=$(mktemp -d)
cat > "$conf_dir/log4j2.properties" <<LOG
status = warn
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.console.ref = console
logger.kafka.name = kafka.server.KafkaRaftServer
logger.kafka.level = info
LOG
cat > "$conf_dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
listeners=INTERNAL://0.0.0.0:9092,EXTERNAL://0.0.0.0:${external_port},CONTROLLER://127.0.0.1:9093
advertised.listeners=INTERNAL://${internal_host}:9092,EXTERNAL://${external_host}:${external_port}
listener.security.protocol.map=INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
log.dirs=${data_dir}
num.partitions=6
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.hours=168
message.max.bytes=16777216
replica.fetch.max.bytes=16777216
PROPS

java_run() {
  java "-Xmx${heap_mb}m" -Xms128m -XX:+UseG1GC -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$conf_dir/log4j2.properties" -cp "/opt/kafka/libs/*" "$@"
}

if [ ! -f "$data_dir/meta.properties" ]; then
  cluster_id=$(java_run kafka.tools.StorageTool random-uuid | tail -1)
  java_run kafka.tools.StorageTool format -t "$cluster_id" -c "$conf_dir/server.properties" >/dev/null
fi
exec java "-Xmx${heap_mb}m" -Xms128m -XX:+UseG1GC -Djava.awt.headless=true \
  "-Dlog4j2.configurationFile=$conf_dir/log4j2.properties" -cp "/opt/kafka/libs/*" kafka.Kafka "$conf_dir/server.properties"
