# One image for Faultline: the five shop services and the Faultline CLI (`faultline proxy`, `run`, …).
#
#   docker build -t faultline:local .                      # with registry access (official Node images)
#   docker build --network host -t faultline:local \
#     --build-arg BASE_IMAGE=local/node:20-bookworm \
#     --build-arg BUILD_IMAGE=local/node-build:20-bookworm .   # no registry: docker/build-base-images.sh
#
#   docker run --network host -e FAULTLINE_SERVICE_CONFIG='{…}' faultline:local service payments
#   docker run --network host faultline:local proxy --host 127.0.0.1 --port 8474
#
# A service reads its whole runtime config (ServiceRuntimeConfig, src/core/service-contract.ts) from
# $FAULTLINE_SERVICE_CONFIG; docker-compose.yml carries the ones generated from services/topology.yaml.
# Only the legacy builder is assumed (no BuildKit features), so it builds on Debian's docker.io too.
ARG BASE_IMAGE=node:20-bookworm-slim
# The build stage compiles better-sqlite3 when no prebuilt binary can be downloaded: it needs
# python3, make and g++, which the full node image has.
ARG BUILD_IMAGE=node:20-bookworm

FROM ${BUILD_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No lifecycle scripts: `prepare` would build before the sources are here, and only one dependency
# has an install step that production needs.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src src
COPY services services
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${BASE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY schemas schemas
COPY slo slo
COPY experiments experiments
COPY services/topology.yaml services/topology.yaml
COPY docker/entrypoint.sh /usr/local/bin/faultline-entrypoint
USER node
ENTRYPOINT ["faultline-entrypoint"]
CMD ["--help"]
