"""Print the environment Rasa's endpoints.yml reads, derived from REDIS_URL and ACTIONS_URL.

    eval "$(.venv/bin/python scripts/rasa_env.py)"
"""

import os
import shlex
from urllib.parse import urlparse

redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6380/0"
parsed = urlparse(redis_url)
if parsed.scheme not in ("redis", ""):
    raise SystemExit(f"REDIS_URL must be redis://host:port/db, not {redis_url!r}")
values = {
    "VEIVALG_REDIS_HOST": parsed.hostname or "127.0.0.1",
    "VEIVALG_REDIS_PORT": str(parsed.port or 6379),
    "VEIVALG_REDIS_DB": (parsed.path or "/0").lstrip("/") or "0",
    "VEIVALG_ACTIONS_WEBHOOK": os.environ.get("ASSISTANT_ACTIONS_URL", "http://127.0.0.1:5055").rstrip("/") + "/webhook",
    "REDIS_URL": redis_url,
}
for name, value in values.items():
    print(f"export {name}={shlex.quote(value)}")
