#!/usr/bin/env bash
# Starts and supervises every Veivalg process with supervisord (scripts/supervisord.conf): a process
# that dies is restarted with back-off while the others keep serving. Ctrl-C stops them all.
# VEIVALG_SCALE=1 (`make scale`): two gateways, two Rasa servers and two action servers on one Redis
# behind haproxy on port 8000 (scripts/supervisord-scale.conf, var/haproxy.cfg).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${REDIS_URL:-}" ]; then
  export REDIS_URL="redis://127.0.0.1:${VEIVALG_LOCAL_REDIS_PORT:-6380}/0"
  export VEIVALG_START_REDIS=true VEIVALG_REDIS_DIR="${VEIVALG_REDIS_DIR:-var/redis}"
  mkdir -p "$VEIVALG_REDIS_DIR"
else
  echo ">> using the Redis at REDIS_URL=$REDIS_URL (no local redis-server started)"
  export VEIVALG_START_REDIS=false VEIVALG_REDIS_DIR=var/redis
fi
eval "$(.venv/bin/python scripts/rasa_env.py)"
# The offline variables (HF_HUB_OFFLINE, TRANSFORMERS_OFFLINE) come from the Makefile.
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 ASSISTANT_ANNOUNCE_READY=true PYTHONUNBUFFERED=1
# OpenMP reads its wait policy when its library loads, so it must be in the environment: spinning
# idle threads cost Rasa ~8x the CPU per message on 2 shared cores (bench/load.py, README).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
export VEIVALG_APP_PORT="${VEIVALG_APP_PORT:-8000}" VEIVALG_RASA_PORT="${VEIVALG_RASA_PORT:-5005}" VEIVALG_ACTIONS_PORT="${VEIVALG_ACTIONS_PORT:-5055}"
mkdir -p var/log
if [ -n "${VEIVALG_SCALE:-}" ]; then
  # Each gateway i (800i) talks to its own Rasa (5i05), each Rasa to its own action server (5i55).
  export ASSISTANT_TRUSTED_PROXIES='["127.0.0.1"]'
  .venv/bin/python scripts/haproxy_config.py > var/haproxy.cfg
  haproxy -c -q -f var/haproxy.cfg
  exec .venv/bin/supervisord -c scripts/supervisord-scale.conf
fi
# Rasa serves with several Sanic worker processes (the Redis lock store keeps one turn per
# conversation at a time): one process per core uses both cores.
export SANIC_WORKERS="${VEIVALG_RASA_WORKERS:-2}"
export ASSISTANT_RASA_URL="${ASSISTANT_RASA_URL:-http://127.0.0.1:$VEIVALG_RASA_PORT}"
export ASSISTANT_ACTIONS_URL="${ASSISTANT_ACTIONS_URL:-http://127.0.0.1:$VEIVALG_ACTIONS_PORT}"
eval "$(.venv/bin/python scripts/rasa_env.py)"  # again: the action server's URL may have changed
exec .venv/bin/supervisord -c scripts/supervisord.conf
