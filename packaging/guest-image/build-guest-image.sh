#!/usr/bin/env bash
# Builds the QEMU backend's guest image from Debian packages without installing
# any of them: `apt-get download` + `dpkg-deb -x` into a staging tree, then a
# kernel (vmlinuz) and an initramfs (busybox, dropbear, OpenSSH's client, QEMU's
# guest agent, the virtio modules, our /init). Rebuilds only when its inputs
# change: this directory's files, the extra files, and the exact Debian package
# versions apt resolves today (a kernel update means a new image).
#
#   build-guest-image.sh --out DIR [--cache DIR] [--extra-dir DIR]... [--extra-binary HOST=GUEST]...
#
# --extra-dir copies a directory over the image's root (e.g. etc/clonedeck/init.d/
# hooks); --extra-binary copies one executable to GUEST with the shared libraries
# it needs (resolved from the image's own packages, or the host's as a last resort).
set -euo pipefail
# Under pipefail a reader that stops early (awk's exit, head -1) kills its writer with SIGPIPE
# and the script ends with status 141 and no message, at random: every reader here reads to the end.

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=
cache=${CLONEDECK_DEB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clonedeck/debs}
extra_dirs=()
extra_binaries=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --out) out=$2; shift 2 ;;
        --cache) cache=$2; shift 2 ;;
        --extra-dir) [[ -n "$2" ]] && extra_dirs+=("$(realpath "$2")"); shift 2 ;;
        --extra-binary) [[ -n "$2" ]] && extra_binaries+=("$2"); shift 2 ;;
        *) echo "build-guest-image: unknown argument $1" >&2; exit 2 ;;
    esac
done
[[ -n "$out" ]] || { echo "usage: $0 --out DIR [--cache DIR] [--extra-dir DIR]... [--extra-binary HOST=GUEST]..." >&2; exit 2; }
mkdir -p "$out" "$cache"
out=$(realpath "$out")
say() { echo "guest-image: $*" >&2; }
# shellcheck source=kernel-modules.sh
source "$here/kernel-modules.sh"

# What goes in. The library packages are those the programs' ELF NEEDED entries
# name (see resolve_libraries); a missing one fails the build with its soname.
# procps: pgrep/pkill as a Debian guest has them (busybox-static has neither; the seed's script uses both).
program_packages=(busybox-static dropbear-bin openssh-client qemu-guest-agent procps)
library_packages=(libc6 libgcc-s1 zlib1g libcrypt1 libtomcrypt1 libtommath1 libgmp10 libssl3 libselinux1 libpcre2-8-0
    libgssapi-krb5-2 libkrb5-3 libk5crypto3 libcom-err2 libkrb5support0 libkeyutils1
    libglib2.0-0 libffi8 libudev1 libnuma1 liburing2
    libproc2-0 libsystemd0 libcap2 libgcrypt20 libgpg-error0 liblzma5 libzstd1 liblz4-1)
programs=(/usr/sbin/dropbear /usr/bin/dropbearkey /usr/bin/ssh /usr/bin/scp /usr/bin/ssh-keygen /usr/sbin/qemu-ga
    /usr/bin/pgrep /usr/bin/pkill)
modules=(virtio_pci virtio_net virtio_console virtio_blk)

# apt's exact choice (file name, size, sha256) is part of the inputs. Asking apt costs seconds; its
# answer can only change when its package lists do, so the last answer is kept with their time.
# The key also names the packages asked for, so a package added here is asked for.
lists_time="$(stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0) $(echo "${program_packages[*]} ${library_packages[*]}" | sha256sum | cut -c1-16)"
if [[ -f "$out/apt.uris" && "$(cat "$out/apt.lists-time" 2>/dev/null)" == "$lists_time" ]]; then
    uris=$(cat "$out/apt.uris")
else
    kernel_package=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '!found && /Depends: linux-image-[0-9]/ { print $2; found = 1 }')
    [[ -n "$kernel_package" ]] || { say "apt knows no linux-image-amd64 (run apt-get update)"; exit 1; }
    uris=$(apt-get download --print-uris "$kernel_package" "${program_packages[@]}" "${library_packages[@]}")
fi
kernel_package=$(echo "$uris" | awk '{ split($2, f, "_"); if (f[1] ~ /^linux-image-[0-9]/) print f[1] }')
inputs_hash=$( {
    echo "$uris"
    (cd "$here" && sha256sum build-guest-image.sh kernel-modules.sh init inittab rc.sysinit run-guest-agent)
    for dir in "${extra_dirs[@]}"; do (cd "$dir" && find . -type f -print0 | sort -z | xargs -0r sha256sum); done
    for entry in "${extra_binaries[@]}"; do echo "$entry"; sha256sum "${entry%%=*}"; done
} | sha256sum | cut -d' ' -f1)
if [[ -f "$out/inputs.sha256" && "$(cat "$out/inputs.sha256")" == "$inputs_hash" && -f "$out/vmlinuz" && -f "$out/initrd.img" ]]; then
    say "up to date ($out)"
    exit 0
fi
started=$(date +%s%N)

# Download what the cache lacks, then check every file's sha256 against apt's index.
missing=()
while read -r uri file size checksum; do
    [[ -f "$cache/$file" ]] || missing+=("${file%%_*}")
done <<< "$uris"
if [[ ${#missing[@]} -gt 0 ]]; then
    say "downloading ${missing[*]}"
    (cd "$cache" && apt-get download -qq "${missing[@]}" 2>&1 | grep -v 'unsandboxed' >&2) || true
fi
while read -r uri file size checksum; do
    echo "${checksum#SHA256:}  $cache/$file"
done <<< "$uris" | sha256sum --quiet -c - || { say "a .deb is missing or does not match apt's checksum (cache: $cache)"; exit 1; }
deb() { echo "$uris" | awk -v p="$1" '{ split($2, f, "_"); if (f[1] == p) print $2 }'; }

work=$(mktemp -d "$out/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
staging=$work/staging
root=$work/root
mkdir -p "$staging" "$root"
for p in "${program_packages[@]}" "${library_packages[@]}"; do
    dpkg-deb -x "$cache/$(deb "$p")" "$staging"
done
say "extracting the kernel and its virtio modules from $(deb "$kernel_package")"
dpkg-deb --fsys-tarfile "$cache/$(deb "$kernel_package")" |
    tar -x -C "$staging" --wildcards './boot/vmlinuz-*' './lib/modules/*/kernel/drivers/virtio/*.ko' \
        './lib/modules/*/kernel/drivers/net/*.ko' './lib/modules/*/kernel/net/core/failover.ko' \
        './lib/modules/*/kernel/drivers/char/virtio_console.ko' './lib/modules/*/kernel/drivers/block/virtio_blk.ko'

# The root: busybox and its applets, our init, configuration.
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,etc/clonedeck/init.d,proc,sys,dev,run,tmp,root,var,lib/modules}
ln -s ../run "$root/var/run"
cp "$staging/bin/busybox" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list-full); do
    [[ -e "$root/$applet" ]] || ln -s /bin/busybox "$root/$applet"
done
install -m 0755 "$here/init" "$root/init"
install -m 0755 "$here/rc.sysinit" "$here/run-guest-agent" "$root/etc/clonedeck/"
install -m 0644 "$here/inittab" "$root/etc/inittab"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:*:19000:0:99999:7:::\n' > "$root/etc/shadow"
printf 'root:x:0:\ntty:x:5:\n' > "$root/etc/group"
printf '/bin/sh\n' > "$root/etc/shells"
printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files\n' > "$root/etc/nsswitch.conf"
printf '127.0.0.1 localhost clonedeck\n' > "$root/etc/hosts"

# The virtio modules, in dependency order.
moddir=$(echo "$staging"/lib/modules/*/kernel)
kernel_version=$(basename "$(dirname "$moddir")")
copy_modules "$moddir" "$root/lib/modules" "$root/etc/clonedeck/modules" "${modules[@]}"

# Programs and the shared libraries their NEEDED entries name, transitively.
declare -A copied_libs=()
find_library() {
    local soname=$1 dir
    for dir in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu lib64; do
        [[ -e "$staging/$dir/$soname" ]] && { echo "$staging/$dir/$soname"; return; }
    done
    return 1
}
resolve_libraries() {
    local binary=$1 soname path
    for soname in $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        [[ -n "${copied_libs[$soname]:-}" ]] && continue
        if ! path=$(find_library "$soname"); then
            # Only an extra binary built on this host may bring host libraries along.
            [[ "$binary" == "$staging"* ]] && { say "no package of the image provides $soname (needed by $binary)"; exit 1; }
            path=$(ldconfig -p | awk -v s="$soname" '!found && $1 == s && /x86-64/ { print $NF; found = 1 }')
            [[ -n "$path" ]] || { say "$soname (needed by $binary) is nowhere"; exit 1; }
        fi
        copied_libs[$soname]=1
        cp -L "$path" "$root/lib/$soname"
        resolve_libraries "$path"
    done
}
for program in "${programs[@]}"; do
    install -D -m 0755 "$staging$program" "$root$program"
    resolve_libraries "$staging$program"
done
ln -sf /lib/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"
for dir in "${extra_dirs[@]}"; do
    cp -a "$dir/." "$root/"
done
for entry in "${extra_binaries[@]}"; do
    install -D -m 0755 "${entry%%=*}" "$root${entry#*=}"
    # A RelWithDebInfo clonectl is 54 MB, 4 MB without its debug sections: the initramfs lives in RAM.
    strip --strip-unneeded "$root${entry#*=}"
    resolve_libraries "${entry%%=*}"
done
strip --strip-unneeded "$root"/lib/*.so* 2>/dev/null || true

# The initramfs, reproducible (fixed times, sorted names), gzip for a quick unpack.
find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 --reproducible) |
    gzip -6 -n > "$work/initrd.img"
cp "$staging"/boot/vmlinuz-* "$work/vmlinuz"
{
    echo "kernel $kernel_version"
    echo "$uris" | awk '{ print $2 }'
    echo "modules ${order[*]}"
    echo "initrd.img $(stat -c %s "$work/initrd.img") bytes; vmlinuz $(stat -c %s "$work/vmlinuz") bytes"
    echo "built in $(( ($(date +%s%N) - started) / 1000000 )) ms"
} > "$work/manifest.txt"
mv -f "$work/vmlinuz" "$work/initrd.img" "$work/manifest.txt" "$out/"
echo "$uris" > "$out/apt.uris"
echo "$lists_time" > "$out/apt.lists-time"
echo "$inputs_hash" > "$out/inputs.sha256"
say "built $out: $(tail -2 "$out/manifest.txt" | tr '\n' ' ')"
