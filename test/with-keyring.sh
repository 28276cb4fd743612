#!/usr/bin/env bash
# Runs a command with a working, unlocked Secret Service keychain.
# - If a session bus with a Secret Service is already there (a Linux desktop), it is used as is:
#   tests then use their own service name and clean up after themselves.
# - Otherwise (CI, a headless box) it starts a private D-Bus session and gnome-keyring, unlocked with a
#   throwaway password, under a throwaway HOME, so nothing touches a real keyring and nothing hangs on a prompt.
# macOS and Windows use their native keychains directly.
set -euo pipefail

if [[ "$(uname -s)" != "Linux" ]]; then exec "$@"; fi

if [[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]] && command -v secret-tool >/dev/null 2>&1 \
  && timeout 5 secret-tool search --all halyard-probe nothing >/dev/null 2>&1; then
  exec "$@"
fi

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: '$tool' not found. Install it: sudo apt-get install gnome-keyring dbus-x11 libsecret-tools" >&2
    exit 1
  fi
done

export HALYARD_REAL_HOME="${HOME:-}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/home/.local/share" XDG_CONFIG_HOME="$scratch/home/.config" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# npm keeps its cache under HOME; point it back at the real one so installs and npx stay offline-capable.
export npm_config_cache="${npm_config_cache:-$HALYARD_REAL_HOME/.npm}"

exec dbus-run-session -- bash -c '
  echo -n "halyard-throwaway" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"
' with-keyring "$@"
