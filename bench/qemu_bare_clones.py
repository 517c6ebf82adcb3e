#!/usr/bin/env python3
"""The peer of bench_qemu_clones: fork-style clones with bare QEMU, the way
../shared/notes/qemu-fork-clones.md measured them, on this machine, now.

A master (q35, its RAM in a file, one user-mode NIC with an SSH forward, nothing
else) boots the project's kernel with the project's initramfs whose init is cut
down to what the notes' did (modules, a static address, dropbear). Each round
captures it over QMP (stop, migrate with x-ignore-shared, copy of the RAM file,
cont), starts COUNT clones from the copy (-incoming defer, migrate-incoming, cont)
and runs `ssh true` in all of them; it prints the time from the capture's start
and each clone's QEMU CPU time. docs/qemu-backend.md has what it showed.

    bench/qemu_bare_clones.py [COUNT] [ROUNDS]      (root; after `make guest-image`)

Traffic stays on 127.78.0.0/16 and QEMU's user-mode networks.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 10
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 2
IMAGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "guest-image")
APPEND = "console=ttyS0 quiet panic=-1 ipv6.disable=1 init_on_free=1 init_on_alloc=0"
MINI_INIT = """#!/bin/sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
while read -r module; do insmod "/lib/modules/$module.ko"; done < /etc/clonedeck/modules
ip link set lo up; ip link set eth0 up; ip addr add 10.0.2.15/24 dev eth0; ip route add default via 10.0.2.2
mkdir -p /etc/dropbear /root/.ssh; chmod 700 /root/.ssh
dropbearkey -t ed25519 -f /etc/dropbear/dropbear_ed25519_host_key > /dev/null 2>&1
cp /etc/bare.pub /root/.ssh/authorized_keys; chmod 600 /root/.ssh/authorized_keys
free_kib=$(awk '/^MemFree:/ { print $2 }' /proc/meminfo)
dd if=/dev/zero of=/dev/null bs=$((free_kib * 3 / 4))k count=1 2> /dev/null
"""
MINI_INITTAB = """::sysinit:/etc/bare-init.sh
::respawn:/usr/sbin/dropbear -F -s -p 22 -r /etc/dropbear/dropbear_ed25519_host_key
"""


def make_initramfs(work):
    """The project's initramfs with the notes' init in place of ours."""
    root = os.path.join(work, "root")
    os.makedirs(root)
    with open(os.path.join(IMAGE, "initrd.img"), "rb") as packed:
        subprocess.run("gzip -dc | cpio -id --quiet", shell=True, cwd=root, stdin=packed, check=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", os.path.join(work, "key")], check=True)
    shutil.copy(os.path.join(work, "key.pub"), os.path.join(root, "etc", "bare.pub"))
    with open(os.path.join(root, "etc", "bare-init.sh"), "w") as init:
        init.write(MINI_INIT)
    os.chmod(os.path.join(root, "etc", "bare-init.sh"), 0o755)
    with open(os.path.join(root, "etc", "inittab"), "w") as inittab:
        inittab.write(MINI_INITTAB)
    image = os.path.join(work, "bare.img")
    with open(image, "wb") as out:
        subprocess.run("find . | cpio -o -H newc --quiet | gzip -1", shell=True, cwd=root, stdout=out, check=True)
    return image


def qemu(work, name, ram, share, address):
    return ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-m", "256M", "-smp", "1",
            "-nodefaults", "-no-user-config", "-display", "none",
            "-object", f"memory-backend-file,id=ram0,size=256M,mem-path={ram},share={share}",
            "-machine", "q35,memory-backend=ram0",
            "-serial", f"file:{work}/{name}.log", "-qmp", f"unix:{work}/{name}.qmp,server=on,wait=off",
            "-netdev", f"user,id=n0,restrict=on,hostfwd=tcp:{address}:22-:22",
            "-device", "virtio-net-pci,netdev=n0,addr=0x3"]


class Qmp:
    def __init__(self, path, deadline=30):
        end = time.time() + deadline
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                if time.time() > end:
                    raise
                time.sleep(0.005)  # QEMU has not made its socket yet: poll with a deadline
        self.file = self.sock.makefile("rw")
        self.file.readline()
        self.run("qmp_capabilities")

    def run(self, command, **arguments):
        self.file.write(json.dumps({"execute": command, "arguments": arguments}) + "\n")
        self.file.flush()
        while True:
            reply = json.loads(self.file.readline())
            if "error" in reply:
                raise RuntimeError(f"{command}: {reply['error']}")
            if "return" in reply:
                return reply["return"]

    def wait_for(self, command, key, values, deadline=60):
        end = time.time() + deadline
        while self.run(command).get(key) not in values:
            if time.time() > end:
                raise TimeoutError(f"{command}: {key} never became one of {values}")
            time.sleep(0.005)


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    work = tempfile.mkdtemp(prefix="qemu-bare-")
    shm = tempfile.mkdtemp(prefix="qemu-bare-", dir="/dev/shm")
    image = make_initramfs(work)
    ssh = ["ssh", "-i", f"{work}/key", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
           "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=30"]
    capture = [{"capability": "x-ignore-shared", "state": True}]
    master = subprocess.Popen(qemu(work, "master", f"{shm}/master", "on", "127.78.0.1")
                              + ["-kernel", f"{IMAGE}/vmlinuz", "-initrd", image, "-append", APPEND])
    try:
        started = time.time()
        while subprocess.run(ssh + ["root@127.78.0.1", "true"], capture_output=True).returncode != 0:
            if time.time() - started > 600:
                raise TimeoutError("the master never answered SSH")
            time.sleep(0.5)
        print(f"master answered SSH after {time.time() - started:.1f} s", flush=True)
        control = Qmp(f"{work}/master.qmp")
        control.run("migrate-set-capabilities", capabilities=capture)
        for round_ in range(ROUNDS):
            start = time.time()
            control.run("stop")
            control.run("migrate", uri=f"exec:cat > {work}/state")
            control.wait_for("query-migrate", "status", ("completed",))
            shutil.copyfile(f"{shm}/master", f"{shm}/snapshot")
            control.run("cont")
            paused = time.time() - start
            clones = [subprocess.Popen(qemu(work, f"clone{i}", f"{shm}/snapshot", "off", f"127.78.1.{i + 1}")
                                       + ["-incoming", "defer"]) for i in range(COUNT)]
            for i in range(COUNT):
                clone = Qmp(f"{work}/clone{i}.qmp")
                clone.run("migrate-set-capabilities", capabilities=capture)
                clone.run("migrate-incoming", uri=f"exec:cat {work}/state")
                clone.wait_for("query-migrate", "status", ("completed",))
                clone.run("cont")
            sessions = [subprocess.Popen(ssh + [f"root@127.78.1.{i + 1}", "true"]) for i in range(COUNT)]
            answered = [session.wait() for session in sessions].count(0)
            elapsed = time.time() - start
            cpu = sum(cpu_seconds(clone.pid) for clone in clones) / COUNT
            print(f"round {round_ + 1}: {COUNT} clone(s) all answered `ssh true` {elapsed * 1000:.0f} ms "
                  f"after the capture began (paused {paused * 1000:.0f} ms; {answered}/{COUNT} answered; "
                  f"{cpu:.2f} s of CPU per clone's QEMU)", flush=True)
            for clone in clones:
                clone.kill()
                clone.wait()
    finally:
        master.kill()
        master.wait()
        shutil.rmtree(shm, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
