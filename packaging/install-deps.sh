#!/usr/bin/env bash
# Installs the Debian 12 packages Clonedeck builds and runs with, and only the
# missing ones, so that a second `make test` does not touch apt at all. Extra
# packages for one target (clang and its fuzzer runtime for `make fuzz`) are
# given as arguments.
set -euo pipefail

packages=(
    cmake make g++ pkg-config ninja-build
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-charts-dev libqt6opengl6-dev libqt6svg6 qt6-translations-l10n
    libxen-dev xen-utils-4.17 xenstore-utils
    libssh-dev libssl-dev openssh-client openssh-server  # libssl: a libssh thread gives back OpenSSL's per-thread state
    libspdlog-dev libfmt-dev
    libsqlite3-dev
    xvfb xauth
    qemu-system-x86 qemu-utils cpio
    debootstrap e2fsprogs  # the Debian buildbot-worker guest flavour (packaging/guest-image/debian-worker)
    netcat-openbsd  # [qemu] guest_forward_ports: a guest's connection to a host port (QEMU guestfwd)
    time  # GNU time: a child's peak memory (test_clonectl_launch)
    iproute2
    buildbot buildbot-worker  # the Buildbot latent workers' end-to-end tests (tests/ci)
    "$@"
)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "clonedeck: installing missing Debian packages: ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "clonedeck: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
