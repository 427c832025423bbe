#!/usr/bin/env bash
# ensure-debian-package.sh COMMAND PACKAGE: install Debian's PACKAGE when COMMAND is missing.
set -euo pipefail
command_name=$1 package=$2
if command -v "$command_name" >/dev/null 2>&1 || [ -x "/usr/bin/$command_name" ] || [ -x "/usr/sbin/$command_name" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo ">> installing Debian package $package (for $command_name)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$package" >/dev/null
else
  echo "!! $command_name is missing: install Debian's '$package' (sudo apt-get install $package) and run again." >&2
  exit 1
fi
