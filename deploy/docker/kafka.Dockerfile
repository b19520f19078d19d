# Apache Kafka 4 (KRaft, one node) from the pinned Maven jars of deploy/local/kafka/pom.xml.
# Build context: the folder `python -m rcm_platform.localstack.artifacts DIR` stages (build-images.sh does).
# Real deployments use a managed or operator-run Kafka (Strimzi, see docs/operations.md); the compose file can
# also run the official apache/kafka image instead (KAFKA_IMAGE).
ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE}
RUN groupadd --gid 10001 kafka && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin kafka \
 && mkdir -p /var/lib/kafka/data && chown -R 10001:10001 /var/lib/kafka && chmod 0700 /var/lib/kafka/data
COPY kafka-libs/ /opt/kafka/libs/
COPY kafka-entrypoint.sh /opt/kafka/entrypoint.sh
RUN chmod 0755 /opt/kafka/entrypoint.sh
USER 10001
VOLUME /var/lib/kafka/data
EXPOSE 9092 19092
# The port opens a moment before the controller is ready; clients (the topic-init job, the services) retry.
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=12 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9092"]
ENTRYPOINT ["/opt/kafka/entrypoint.sh"]
