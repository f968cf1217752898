# Multi-stage build of the same binary `cargo xtask dist` produces.
#   docker build -t earshot .
#   docker run -p 8080:8080 -v earshot-data:/data earshot   # the setup link is in `docker logs`
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN rustup target add wasm32-unknown-unknown && cargo xtask dist

FROM debian:bookworm-slim
RUN useradd --system --home /data --shell /usr/sbin/nologin earshot \
    && mkdir -p /data && chown earshot:earshot /data
COPY --from=build /src/target/release/earshot /usr/local/bin/earshot
USER earshot
ENV EARSHOT_BIND=0.0.0.0:8080 EARSHOT_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD ["earshot", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["earshot"]
CMD ["serve"]
