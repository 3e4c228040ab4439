#!/bin/sh
# `service <name>`: run one shop service standalone (config from $FAULTLINE_SERVICE_CONFIG; without
# a supervisor's IPC channel it just listens and logs). Anything else: the faultline CLI.
set -e
if [ "$1" = service ]; then
  case "$2" in
    gateway|catalog|orders|payments|inventory) exec node "/app/dist/services/$2/server.js" ;;
    *) echo "usage: service gateway|catalog|orders|payments|inventory" >&2; exit 64 ;;
  esac
fi
exec node /app/dist/src/cli/main.js "$@"
