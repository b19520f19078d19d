# The store: FerretDB 1.24.2 (MongoDB wire protocol, SQLite backend) with the project's patches, the static
# binary `rcm stack up` builds (deploy/local/ferretdb). Build context: the folder build-images.sh stages.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
RUN groupadd --gid 10001 ferretdb && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin ferretdb \
 && mkdir -p /var/lib/ferretdb && chown 10001:10001 /var/lib/ferretdb && chmod 0700 /var/lib/ferretdb
COPY rcm-ferretdb /usr/local/bin/rcm-ferretdb
USER 10001
VOLUME /var/lib/ferretdb
EXPOSE 27017
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=12 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/27017"]
ENTRYPOINT ["/usr/local/bin/rcm-ferretdb", "-listen-addr=0.0.0.0:27017", "-sqlite-dir=/var/lib/ferretdb"]
CMD ["-log-level=warn"]
