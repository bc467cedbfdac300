#!/usr/bin/env bash
# tools/kernel-lab/run.sh — run a command inside a throw-away QEMU guest that boots a
# stock Debian kernel (every module available), with a host directory mounted.
# nlink's full-kernel test lane (`npm run test:kernel`, docs/kernel-lane.md) runs on it;
# adopted from a shared lab runner, owned here.
#
#   run.sh [options] [--] COMMAND [ARG...]
#
#   -C DIR      host directory mounted read-write in the guest at the SAME path and
#               used as the working directory (default: $PWD; must not be /)
#   -e VAR=VAL  environment variable for COMMAND (repeatable)
#   -m MiB      guest memory (default $NLINK_KLAB_MEM or 1024)
#   -s N        guest vCPUs (default $NLINK_KLAB_SMP or 2)
#   -t SEC      wall-clock limit for boot+run+poweroff (default $NLINK_KLAB_TIMEOUT or 900)
#   -i          interactive, for a person at a terminal (e.g. `run.sh -i sh`): COMMAND's
#               stdin is the terminal; input sent before the guest is up is lost.
#               Default stdin is /dev/null; pass data through the mounted DIR instead
#   -v          verbose: kernel log, guest init steps, the qemu command line
#   --setup     only fetch/extract/build the cached artefacts, then exit
#
# Guest view: the host's / is the guest's root, read-only under a tmpfs overlay (so
# node, ip, tc, npm ... are the host's own binaries; writes outside DIR vanish at
# poweroff), DIR is mounted read-write on top at its host path, /lib/modules/$KVER is
# the Debian package's tree and kernel module auto-loading works (e.g. `ip link add
# wg0 type wireguard` loads wireguard.ko). COMMAND runs as root under /bin/sh; its
# stdout+stderr are merged and streamed on a serial line to our stdout; the kernel log
# goes to a separate serial line (printed to stderr with -v, or on failure).
# Exit status: COMMAND's; 124 = timed out; 125 = setup failed or the guest never
# reported a status (kernel panic, OOM, ...).
#
# Needs root and Debian 12 apt sources. The first run installs qemu-system-x86
# (--no-install-recommends) and downloads linux-image-<abi>-amd64 + busybox-static
# into $NLINK_KLAB_CACHE (default /tmp/kvmlab/cache, outside the repository, ~540 MB);
# later runs reuse that cache (setup is serialised with flock, so concurrent runs may
# share it). Acceleration: TCG (software). /dev/kvm on our CI hosts is PVM-backed and
# cannot run a stock kernel; NLINK_KLAB_ACCEL=kvm tries it anyway (real VT-x/AMD-V).
# Other knobs: NLINK_KLAB_KPKG (kernel package name, e.g. linux-image-6.1.0-50-amd64;
# default: the newest cached, else what Debian's linux-image-amd64 depends on),
# NLINK_KLAB_CPU (TCG -cpu model, default max), NLINK_KLAB_APPEND (kernel arguments).
# $NLINK_KLAB_CACHE must not contain spaces (its run dir goes on the kernel command line).
set -euo pipefail

CACHE=${NLINK_KLAB_CACHE:-/tmp/kvmlab/cache}
MEM=${NLINK_KLAB_MEM:-1024}
SMP=${NLINK_KLAB_SMP:-2}
TIMEOUT=${NLINK_KLAB_TIMEOUT:-900}
ACCEL=${NLINK_KLAB_ACCEL:-tcg}
WORKDIR=$PWD
INTERACTIVE=0 VERBOSE=0 SETUP_ONLY=0
ENVS=()

die() { echo "kernel-lab: $*" >&2; exit 125; }
log() { if [ "$VERBOSE" = 1 ]; then echo "kernel-lab: $*" >&2; fi; }

while [ $# -gt 0 ]; do
  case $1 in
    -C) WORKDIR=$(cd "$2" && pwd -P) || die "no such directory: $2"; shift 2 ;;
    -e) [[ $2 == [A-Za-z_]*=* ]] || die "-e wants VAR=VALUE"; ENVS+=("$2"); shift 2 ;;
    -m) MEM=$2; shift 2 ;;
    -s) SMP=$2; shift 2 ;;
    -t) TIMEOUT=$2; shift 2 ;;
    -i) INTERACTIVE=1; shift ;;
    -v) VERBOSE=1; shift ;;
    --setup) SETUP_ONLY=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    -*) die "unknown option $1" ;;
    *) break ;;
  esac
done
[ "$SETUP_ONLY" = 1 ] || [ $# -gt 0 ] || die "no command (see -h)"
[ "$WORKDIR" != / ] || die "refusing to mount / read-write; use -C DIR"

# ---------------------------------------------------------------- setup (cached)
mkdir -p "$CACHE/debs"
CACHE=$(cd "$CACHE" && pwd -P)
# One setup at a time per cache (downloads, dpkg -x, depmod, initrd); released before the run.
exec 9>"$CACHE/.setup.lock"
command -v flock >/dev/null && flock 9
apt_q() { apt-get -q -o APT::Sandbox::User=root "$@"; }

if ! command -v qemu-system-x86_64 >/dev/null; then
  [ "$(id -u)" = 0 ] || die "qemu-system-x86_64 missing and not root"
  log "installing qemu-system-x86"
  apt_q install -y --no-install-recommends qemu-system-x86 >&2 \
    || { apt_q update >&2 && apt_q install -y --no-install-recommends qemu-system-x86 >&2; } \
    || die "cannot install qemu-system-x86"
fi

# Kernel: $NLINK_KLAB_KPKG, else the newest one already cached, else whatever the
# linux-image-amd64 meta-package depends on today (the ABI number moves with updates).
KPKG=${NLINK_KLAB_KPKG:-}
if [ -z "$KPKG" ]; then
  KPKG=$(cd "$CACHE" && ls -d linux-image-*[0-9]-amd64 2>/dev/null | sort -V | tail -1) || true
fi
if [ -z "$KPKG" ]; then
  kpkg() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}'; }
  KPKG=$(kpkg); [ -n "$KPKG" ] || { apt_q update >&2; KPKG=$(kpkg); }
fi
[ -n "$KPKG" ] || die "cannot resolve a linux-image package (apt-get update?)"
KDIR=$CACHE/$KPKG
fetch_x() {  # fetch_x PACKAGE DESTDIR: apt-get download + dpkg -x, once
  [ -e "$2/.done" ] && return 0
  log "downloading $1"
  ( cd "$CACHE/debs" && { ls "$1"_*.deb >/dev/null 2>&1 || apt_q download "$1" >&2; } ) \
    || die "apt-get download $1 failed"
  rm -rf "$2"; mkdir -p "$2"
  dpkg -x "$(ls "$CACHE/debs/$1"_*.deb | sort -V | tail -1)" "$2"
  touch "$2/.done"
}
fetch_x "$KPKG" "$KDIR"
fetch_x busybox-static "$CACHE/busybox"
BB=$CACHE/busybox/bin/busybox
KVER=$(ls "$KDIR/lib/modules")
MODROOT=$KDIR/lib/modules/$KVER
if [ ! -e "$MODROOT/modules.dep" ]; then
  log "depmod $KVER"
  "$BB" depmod -b "$KDIR" "$KVER"
fi
# Boot the uncompressed ELF through its PVH entry: under TCG this skips ~4 s of
# real-mode setup + xz decompression. Falls back to the bzImage.
KERNEL=$KDIR/boot/vmlinuz-$KVER
if [ ! -e "$KDIR/vmlinux" ] && command -v python3 >/dev/null; then
  log "extracting vmlinux"
  python3 - "$KERNEL" "$KDIR/vmlinux" <<'PY' || rm -f "$KDIR/vmlinux"
import sys, lzma, zlib
d = open(sys.argv[1], 'rb').read()
for magic, mk in ((b'\xfd7zXZ\x00', lambda: lzma.LZMADecompressor(format=lzma.FORMAT_XZ)),
                  (b'\x1f\x8b\x08\x00', lambda: zlib.decompressobj(31))):
    i = d.find(magic)
    while i >= 0:
        try:
            out = mk().decompress(d[i:])
            if out[:4] == b'\x7fELF':
                open(sys.argv[2], 'wb').write(out); sys.exit(0)
        except Exception:
            pass
        i = d.find(magic, i + 1)
sys.exit(1)
PY
fi
[ -e "$KDIR/vmlinux" ] && KERNEL=$KDIR/vmlinux

# Guest /init, PID 1 of the initramfs. The host passes klab.ctl=<dir> on the kernel
# command line; that dir (seen through the read-only host root) holds cmd.sh etc.
read -r -d '' GUEST_INIT <<'INIT' || true
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
KVER=$(uname -r); V=0; CTL=
for a in $(cat /proc/cmdline); do case $a in klab.v=1) V=1;; klab.ctl=*) CTL=${a#klab.ctl=};; esac; done
say() { [ $V = 1 ] && echo "klab-init: $*" > /dev/console; true; }
fail() { echo "klab-init: $*" > /dev/console; echo 125 > /dev/ttyS2; poweroff -f; }
for m in $(cat /boot.modules); do insmod /mods/$m.ko || say "insmod $m failed"; done
say "boot modules loaded"
O=trans=virtio,version=9p2000.L,msize=512000
mkdir -p /lower /rw /newroot
mount -t 9p -o $O,cache=loose,ro hostroot /lower || fail "9p mount of host root failed"
mount -t tmpfs -o mode=0755 rw /rw; mkdir -p /rw/u /rw/w
mount -t overlay -o lowerdir=/lower,upperdir=/rw/u,workdir=/rw/w overlay /newroot \
  || fail "overlay mount failed"
R=/newroot; C=/lower$CTL
mount -t proc proc $R/proc; mount -t sysfs sys $R/sys; mount -t devtmpfs dev $R/dev
mkdir -p $R/dev/pts $R/dev/shm; mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts $R/dev/pts
mount -t tmpfs shm $R/dev/shm; mount -t tmpfs tmp $R/tmp; mount -t tmpfs run $R/run
mount -t cgroup2 cgroup2 $R/sys/fs/cgroup 2>/dev/null
mount -t bpf bpf $R/sys/fs/bpf 2>/dev/null
mount -t debugfs debugfs $R/sys/kernel/debug 2>/dev/null
mkdir -p $R/lib/modules/$KVER $R/.klab/bin $R/run/netns
mount --bind "/lower$(cat $C/modroot)" $R/lib/modules/$KVER
WD=$(cat $C/workdir)
mkdir -p "$R$WD"; mount -t 9p -o $O work "$R$WD" || fail "9p mount of $WD failed"
cp /bin/busybox $R/.klab/bin/busybox; cp "$C/cmd.sh" $R/.klab/cmd.sh
for a in modprobe insmod rmmod lsmod modinfo depmod; do ln -s busybox $R/.klab/bin/$a; done
# the kernel's module loader helper runs in PID 1's root (this initramfs), not the chroot
mkdir -p /lib/modules/$KVER; mount --bind "/lower$(cat $C/modroot)" /lib/modules/$KVER
echo /bin/modprobe > /proc/sys/kernel/modprobe
hostname klab; ip link set lo up
# ttyS0 = kernel console (host: log file), ttyS1 = COMMAND's stdio, ttyS2 = exit status
IN=/dev/null
if [ -e $C/interactive ]; then IN=/dev/ttyS1; stty -onlcr < /dev/ttyS1; else stty raw -echo < /dev/ttyS1; fi
say "running command"
chroot $R /bin/sh /.klab/cmd.sh < $IN > /dev/ttyS1 2>&1
echo $? > /dev/ttyS2
poweroff -f
INIT

BOOT_MODS="virtio_pci 9pnet_virtio 9p overlay"
INITRD=$KDIR/initrd-$(printf '%s\n%s\n' "$GUEST_INIT" "$BOOT_MODS" | sha256sum | cut -c1-12).cpio
if [ ! -e "$INITRD" ]; then
  log "building $INITRD"
  T=$(mktemp -d "$CACHE/initrd.XXXXXX")
  mkdir -p "$T"/{bin,dev,proc,sys,mods}
  cp "$BB" "$T/bin/busybox"
  printf '%s\n' "$GUEST_INIT" > "$T/init"; chmod 755 "$T/init"
  declare -A SEEN=(); ORDER=()
  add_mod() {  # copy a module after its dependencies (modules.dep), record load order
    local line path dep
    line=$(grep -E "(^|/)${1//_/[_-]}\.ko:" "$MODROOT/modules.dep" | head -1) || die "module $1 not in modules.dep"
    path=${line%%:*}
    [ -n "${SEEN[$path]:-}" ] && return 0
    SEEN[$path]=1
    for dep in ${line#*:}; do add_mod "$(basename "$dep" .ko)"; done
    cp "$MODROOT/$path" "$T/mods/"; ORDER+=("$(basename "$path" .ko)")
  }
  for m in $BOOT_MODS; do add_mod "$m"; done
  printf '%s\n' "${ORDER[@]}" > "$T/boot.modules"
  ( cd "$T" && find . | "$BB" cpio -o -H newc 2>/dev/null ) > "$INITRD.tmp"
  mv "$INITRD.tmp" "$INITRD"; rm -rf "$T"
fi
exec 9>&-
[ "$SETUP_ONLY" = 1 ] && { echo "kernel-lab: ready: $KPKG, $(basename "$KERNEL"), $(basename "$INITRD")"; exit 0; }

# ---------------------------------------------------------------- run
CTL=$(mktemp -d "$CACHE/run.XXXXXX")
trap 'rm -rf "$CTL"' EXIT
printf '%s\n' "$WORKDIR" > "$CTL/workdir"
printf '%s\n' "$MODROOT" > "$CTL/modroot"
[ "$INTERACTIVE" = 1 ] && touch "$CTL/interactive"
{
  echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/.klab/bin HOME=/root TERM=dumb'
  for e in "${ENVS[@]+"${ENVS[@]}"}"; do printf 'export %s=%q\n' "${e%%=*}" "${e#*=}"; done
  printf 'cd %q || exit 125\n' "$WORKDIR"
  printf '%q ' "$@"; echo
} > "$CTL/cmd.sh"
: > "$CTL/rc"

KLOG="loglevel=4"; KCON=$CTL/console.log
[ "$VERBOSE" = 1 ] && { KLOG="loglevel=7 klab.v=1"; KCON=/dev/stderr; }
ACC=(-accel tcg,thread=multi -cpu "${NLINK_KLAB_CPU:-max}")
[ "$ACCEL" = kvm ] && ACC=(-accel kvm -cpu host)
BIOS=(); [ -e /usr/share/qemu/qboot.rom ] && BIOS=(-bios /usr/share/qemu/qboot.rom)
QEMU=(qemu-system-x86_64 -M pc "${BIOS[@]}" "${ACC[@]}" -smp "$SMP" -m "$MEM"
  -nodefaults -no-user-config -display none -monitor none -no-reboot
  -chardev "file,id=kcon,path=${KCON//,/,,},append=on" -serial chardev:kcon
  -serial stdio -serial "file:${CTL//,/,,}/rc"
  -kernel "$KERNEL" -initrd "$INITRD"
  -append "console=ttyS0 $KLOG panic=-1 mitigations=off cryptomgr.notests i8042.noaux i8042.nokbd tsc=reliable random.trust_cpu=on pci=noacpi rdinit=/init klab.ctl=$CTL ${NLINK_KLAB_APPEND:-}")
share() {  # share TAG HOSTPATH [extra-opts]; ',' in option values is escaped as ',,'
  QEMU+=(-fsdev "local,id=$1,path=${2//,/,,},security_model=none,multidevs=remap${3:+,$3}"
         -device "virtio-9p-pci,fsdev=$1,mount_tag=$1")
}
share hostroot / readonly=on
share work "$WORKDIR"
log "${QEMU[*]}"
STDIN=/dev/null; [ "$INTERACTIVE" = 1 ] && STDIN=/dev/stdin
timeout --foreground -k 10 "$TIMEOUT" "${QEMU[@]}" < $STDIN &
QPID=$!
cleanup() { local rc=$?; kill "$QPID" 2>/dev/null || true; wait "$QPID" 2>/dev/null || true; rm -rf "$CTL"; exit "$rc"; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
set +e
wait $QPID
QRC=$?
set -e
if [ "$QRC" = 124 ] || [ "$QRC" = 137 ]; then
  echo "kernel-lab: timed out after ${TIMEOUT}s; kernel console tail:" >&2
  [ -f "$CTL/console.log" ] && tail -n 20 "$CTL/console.log" >&2
  exit 124
fi
RC=$(tr -dc '0-9' < "$CTL/rc")
if [ -z "$RC" ]; then
  echo "kernel-lab: guest did not report an exit status (qemu rc=$QRC); kernel console tail:" >&2
  [ -f "$CTL/console.log" ] && tail -n 40 "$CTL/console.log" >&2
  exit 125
fi
exit "$RC"
