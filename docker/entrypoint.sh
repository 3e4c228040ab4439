#!/bin/sh
# `service <name>`: run one shop service standalone (config from $FAULTLINE_SERVICE_CONFIG; without
# a supervisor's IPC channel it just listens and logs). Anything else: the faultline CLI.
set -e
if [ "$1" = service ]; then
  # The services are whatever the image holds (services/<name>/server.ts, built to dist/).
  case "$2" in
    '' | */* | shared) ;;
    *) if [ -f "/app/dist/services/$2/server.js" ]; then exec node "/app/dist/services/$2/server.js"; fi ;;
  esac
  echo "usage: service <name>, one of: $(cd /app/dist/services && ls -d */ | tr -d / | grep -vx shared | tr '\n' ' ')" >&2
  exit 64
fi
exec node /app/dist/src/cli/main.js "$@"
