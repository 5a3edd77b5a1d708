# Retrospect in a container, for GitLab CI and other runners:
#
#   docker build --build-arg RETROSPECT_VERSION=0.1.0 -t retrospect .
#   docker run --rm -v "$PWD:/site" retrospect check
#
# The release binary (static, musl) is installed by scripts/install.sh, its
# checksum verified; where there is none, it is built from source. The image
# holds it, git (for "last updated" dates) and nothing else, and runs as an
# unprivileged user.

FROM rust:1-alpine AS install
ARG RETROSPECT_VERSION
ARG RETROSPECT_REPOSITORY=https://github.com/retrospect-dev/retrospect
# curl for the download, musl-dev for the fallback build. Alpine's package
# versions are not pinned: its repositories drop the old ones.
# hadolint ignore=DL3018
RUN apk add --no-cache curl musl-dev
COPY scripts/install.sh /tmp/install.sh
RUN test -n "$RETROSPECT_VERSION" \
    && RETROSPECT_ROOT=/opt/retrospect sh /tmp/install.sh

FROM alpine:3.22
# hadolint ignore=DL3018
RUN apk add --no-cache git \
    && adduser -D -u 10001 retrospect \
    && git config --system --add safe.directory '*'
COPY --from=install /opt/retrospect/bin/retrospect /usr/local/bin/retrospect
USER 10001
WORKDIR /site
ENTRYPOINT ["retrospect"]
CMD ["check"]
