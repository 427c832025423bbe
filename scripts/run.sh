#!/usr/bin/env bash
# Starts and supervises every Veivalg process with honcho (Procfile). Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${REDIS_URL:-}" ]; then
  export REDIS_URL="redis://127.0.0.1:${VEIVALG_LOCAL_REDIS_PORT:-6380}/0"
  processes="redis rasa actions app"
  mkdir -p var/redis
else
  echo ">> using the Redis at REDIS_URL=$REDIS_URL (no local redis-server started)"
  processes="rasa actions app"
fi
eval "$(.venv/bin/python scripts/rasa_env.py)"
# The offline variables (HF_HUB_OFFLINE, TRANSFORMERS_OFFLINE) come from the Makefile.
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 ASSISTANT_ANNOUNCE_READY=true PYTHONUNBUFFERED=1
exec .venv/bin/honcho start -f Procfile $processes
