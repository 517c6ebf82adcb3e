#!/usr/bin/env bash
# The debian-worker guest-image flavour: a Debian 12 root (debootstrap minbase +
# openssh-server, python3, buildbot-worker, qemu-guest-agent, busybox, and the
# Debian packages of gc's shared libraries) on an ext4 disk image, for the QEMU
# backend's `disk` option (every domain writes a qcow2 overlay of its own), plus
# the Debian kernel and a boot initramfs that loads the virtio and ext4 modules
# and mounts the disk. A Buildbot farm then runs its workers in real VM clones
# (docs/ci-servers.md). Needs root (debootstrap) and Debian's mirror.
#
#   build-debian-worker.sh --out DIR --gc PATH [--cache DIR]
#
# Writes DIR/disk.qcow2, DIR/vmlinuz, DIR/initrd.img, DIR/qemu.ini (the [qemu] keys that select it),
# DIR/manifest.txt. Rebuilds only when its inputs change: this directory's files, gc, the packages
# asked for and apt's package lists (their time: a new Debian point release means a new image).
# pipefail: no reader in a pipeline here stops early (awk keeps reading), so a SIGPIPE is a real failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=
gc=
identity=
cache=${CLONEDECK_DEB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clonedeck/debs}
mirror=${CLONEDECK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
while [[ $# -gt 0 ]]; do
    case "$1" in
        --out) out=$2; shift 2 ;;
        --gc) gc=$2; shift 2 ;;
        --identity) identity=$2; shift 2 ;;
        --cache) cache=$2; shift 2 ;;
        *) echo "build-debian-worker: unknown argument $1" >&2; exit 2 ;;
    esac
done
[[ -n "$out" && -x "$gc" && -x "$identity" ]] ||
    { echo "usage: $0 --out DIR --gc PATH --identity PATH [--cache DIR]" >&2; exit 2; }
say() { echo "guest-image (debian-worker): $*" >&2; }
# shellcheck source=../kernel-modules.sh
source "$here/../kernel-modules.sh"
[[ $(id -u) -eq 0 ]] || { say "debootstrap needs root"; exit 1; }
command -v debootstrap > /dev/null || { say "no debootstrap (bash packaging/install-deps.sh)"; exit 1; }
mkdir -p "$out" "$cache" "$cache/debootstrap"
out=$(realpath "$out")

# gc's libraries as the Debian packages that hold them on this (Debian 12) host, so the guest gets
# them from the archive, not copied from the host.
gc_packages=()
for soname in $(readelf -d "$gc" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    path=$(ldconfig -p | awk -v s="$soname" '!found && $1 == s && /x86-64/ { print $NF; found = 1 }')
    [[ -n "$path" ]] || { say "$soname (needed by gc) is not on this host"; exit 1; }
    # dpkg names a file by the path its package shipped: with merged /usr, /lib/... or /usr/lib/...
    real=$(readlink -f "$path")
    # (awk reads to the end: `head` would close the pipe under dpkg, whose SIGPIPE pipefail reports.)
    package=$( (dpkg -S "$real" || dpkg -S "${real#/usr}" || dpkg -S "$path") 2> /dev/null | awk -F: 'NR == 1 { print $1 }')
    [[ -n "$package" ]] || { say "no Debian package holds $soname (needed by gc)"; exit 1; }
    gc_packages+=("$package")
done
# python3-ply: python3-pycparser depends on the virtual python3-ply-lex-3.10, which debootstrap's own
# resolver cannot satisfy (it leaves buildbot-worker unconfigured without it).
packages=(openssh-server openssh-client python3 buildbot-worker python3-ply qemu-guest-agent busybox procps
    $(printf '%s\n' "${gc_packages[@]}" | sort -u))
kernel_package=$(apt-cache depends linux-image-amd64 2> /dev/null | awk '!found && /Depends: linux-image-[0-9]/ { print $2; found = 1 }')
[[ -n "$kernel_package" ]] || { say "apt knows no linux-image-amd64 (run apt-get update)"; exit 1; }
# crc32c_generic: ext4 asks the crypto API for crc32c at mount time (no depends= names it).
modules=(virtio_pci virtio_blk virtio_net virtio_console crc32c_generic ext4)

inputs_hash=$( {
    echo "bookworm minbase $mirror ${packages[*]} $kernel_package"
    stat -c %Y /var/lib/apt/lists 2> /dev/null || true
    (cd "$here" && sha256sum build-debian-worker.sh boot-init init inittab rc.sysinit sshd_config ../run-guest-agent ../kernel-modules.sh)
    sha256sum "$gc" "$identity"
} | sha256sum | cut -d' ' -f1)
if [[ -f "$out/inputs.sha256" && "$(cat "$out/inputs.sha256")" == "$inputs_hash" && -f "$out/disk.qcow2" ]]; then
    say "up to date ($out)"
    exit 0
fi
started=$(date +%s%N)
work=$(mktemp -d "$out/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root

# The bootstrapped tree is kept (a tar named by what debootstrap was asked for), so a change of our own
# files costs a minute, not debootstrap's 10-20 (measured under load average 13).
bootstrap_key=$(echo "bookworm minbase $mirror ${packages[*]} $(stat -c %Y /var/lib/apt/lists 2> /dev/null)" | sha256sum | cut -c1-16)
bootstrap_tar=$cache/debian-worker-root-$bootstrap_key.tar
mkdir -p "$root"
if [[ -f "$bootstrap_tar" ]]; then
    say "debootstrap's tree from $bootstrap_tar"
    tar -xpf "$bootstrap_tar" --numeric-owner -C "$root"
else
    say "debootstrap bookworm (minbase + ${packages[*]}); .debs cached in $cache/debootstrap"
    debootstrap --variant=minbase --cache-dir="$cache/debootstrap" --include="$(IFS=,; echo "${packages[*]}")" \
        bookworm "$root" "$mirror" > "$work/debootstrap.log" 2>&1 ||
        { tail -20 "$work/debootstrap.log" >&2; say "debootstrap failed (log above)"; exit 1; }
    [[ -z "$(chroot "$root" dpkg --audit)" ]] || { chroot "$root" dpkg --audit >&2; say "packages left unconfigured"; exit 1; }
    rm -f "$cache"/debian-worker-root-*.tar
    tar -cpf "$bootstrap_tar.tmp" --numeric-owner -C "$root" . && mv "$bootstrap_tar.tmp" "$bootstrap_tar"
fi
bootstrapped=$(date +%s%N)

# Our init, services and configuration. No host key in the image: each master makes its own at first
# boot (rc.sysinit); Debian's postinst made some in the chroot, which would be every master's.
rm -f "$root"/etc/ssh/ssh_host_*
install -D -m 0755 "$here/init" "$root/usr/lib/clonedeck/init"
install -m 0755 "$here/rc.sysinit" "$here/../run-guest-agent" "$root/usr/lib/clonedeck/"
install -m 0644 "$here/inittab" "$root/etc/inittab"
install -D -m 0644 "$here/sshd_config" "$root/etc/ssh/sshd_config.d/clonedeck.conf"
mkdir -p "$root/etc/clonedeck/init.d"
echo clonedeck > "$root/etc/hostname"
printf '127.0.0.1 localhost clonedeck\n' > "$root/etc/hosts"
# qemu-ga's guest-set-time runs /sbin/hwclock (util-linux-extra in Debian 12); busybox has one.
[[ -e "$root/sbin/hwclock" ]] || ln -s /bin/busybox "$root/sbin/hwclock"
install -m 0755 "$gc" "$root/usr/bin/gc"
strip --strip-unneeded "$root/usr/bin/gc"
ln -sf gc "$root/usr/bin/clonectl"
install -D -m 0755 "$identity" "$root/usr/sbin/clonedeck-identity"
for tool in ifconfig ip; do
    "$root/bin/busybox" --list | grep -x "$tool" > /dev/null || { say "Debian's busybox has no $tool applet"; exit 1; }
done
# What a running system never reads: apt's lists and downloaded packages, documentation.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/var/log/*.log

# The kernel and its modules from Debian's kernel package (the one the default image uses).
(cd "$cache" && [[ -n "$(ls "$kernel_package"_*.deb 2> /dev/null)" ]] || apt-get download -qq "$kernel_package" 2>&1 | grep -v unsandboxed >&2 || true)
kernel_deb=$(ls "$cache/$kernel_package"_*.deb | tail -1)
mkdir -p "$work/kernel"
dpkg-deb -x "$kernel_deb" "$work/kernel"
busybox_deb=$(ls "$cache"/busybox-static_*.deb 2> /dev/null | tail -1)
[[ -n "$busybox_deb" ]] || { (cd "$cache" && apt-get download -qq busybox-static); busybox_deb=$(ls "$cache"/busybox-static_*.deb | tail -1); }
mkdir -p "$work/busybox"
dpkg-deb -x "$busybox_deb" "$work/busybox"

# The boot initramfs: busybox-static, the modules in dependency order (each module's own depends=).
boot=$work/boot
mkdir -p "$boot"/{bin,dev,proc,sys,etc,lib/modules}
cp "$work/busybox/bin/busybox" "$boot/bin/busybox"
for applet in sh mount insmod usleep mkdir switch_root poweroff cat echo; do ln -s busybox "$boot/bin/$applet"; done
install -m 0755 "$here/boot-init" "$boot/init"
moddir=$(echo "$work"/kernel/lib/modules/*/kernel)
copy_modules "$moddir" "$boot/lib/modules" "$boot/etc/modules-order" "${modules[@]}"
find "$boot" -exec touch -h -d @0 {} +
(cd "$boot" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -6 -n > "$work/initrd.img"
cp "$work"/kernel/boot/vmlinuz-* "$work/vmlinuz"

# The disk: ext4 made from the tree (mke2fs -d: no loop device, no mount), a quarter free for builds,
# then qcow2, which stores only what is used.
used_mib=$(( $(du -sm "$root" | cut -f1) ))
size_mib=$(( used_mib * 4 / 3 + 512 ))
mkfs.ext4 -q -F -L clonedeck-root -U 6c6f6e65-6465-636b-2d64-656269616e00 -E root_owner=0:0,hash_seed=6c6f6e65-6465-636b-2d64-656269616e00 \
    -d "$root" "$work/disk.raw" "${size_mib}M" > /dev/null
qemu-img convert -O qcow2 "$work/disk.raw" "$work/disk.qcow2"
cat > "$work/qemu.ini" << INI
[qemu]
disk = $out/disk.qcow2
kernel = $out/vmlinuz
initrd = $out/initrd.img
INI
{
    echo "flavour debian-worker (bookworm minbase)"
    echo "packages ${packages[*]}"
    echo "kernel $(basename "$kernel_deb"); modules ${order[*]}"
    echo "python3 $(chroot "$root" python3 --version 2>&1 | cut -d' ' -f2); buildbot-worker $(chroot "$root" dpkg-query -W -f='${Version}' buildbot-worker)"
    echo "root ${used_mib} MiB in ${size_mib} MiB ext4; disk.qcow2 $(stat -c %s "$work/disk.qcow2") bytes; initrd.img $(stat -c %s "$work/initrd.img") bytes; vmlinuz $(stat -c %s "$work/vmlinuz") bytes"
    echo "debootstrap $(( (bootstrapped - started) / 1000000 )) ms; built in $(( ($(date +%s%N) - started) / 1000000 )) ms"
} > "$work/manifest.txt"
mv -f "$work/disk.qcow2" "$work/vmlinuz" "$work/initrd.img" "$work/qemu.ini" "$work/manifest.txt" "$out/"
echo "$inputs_hash" > "$out/inputs.sha256"
say "built $out: $(tail -2 "$out/manifest.txt" | tr '\n' ' ')"
