#!/bin/sh
# Registers qemu-e2k-static with binfmt_misc so the kernel runs 64-bit E2K ELF executables
# (e_machine 175, ET_EXEC or ET_DYN) through it, e.g. inside an E2K chroot. See docs/user-mode.md.
#   linux-user/binfmt.sh [--runtime PATH] [--dry-run] [--remove]
# Flags: F (open the interpreter now, so it works inside a chroot without a copy there),
#        P is not set (argv[0] is the path of the program, as qemu-e2k expects).
set -eu

runtime="$(dirname "$(readlink -f "$0")")/../build/qemu-e2k-static"
dry_run=no
remove=no
while [ $# -gt 0 ]; do
  case "$1" in
    --runtime) [ $# -ge 2 ] || { echo "binfmt.sh: --runtime needs a path" >&2; exit 2; }; runtime="$2"; shift 2 ;;
    --dry-run) dry_run=yes; shift ;;
    --remove) remove=yes; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "binfmt.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done

name=qemu-e2k
# ELF header bytes 0..19: magic, ELFCLASS64, little-endian, version 1, (OS ABI and padding
# ignored), e_type 2 or 3 (mask 0xfe), e_machine 175 = 0xaf 0x00.
magic='\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xaf\x00'
mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
line=":$name:M::$magic:$mask:$(readlink -f "$runtime"):F"

if [ "$dry_run" = yes ]; then
  if [ "$remove" = yes ]; then echo "-1 > /proc/sys/fs/binfmt_misc/$name"; else echo "$line"; fi
  exit 0
fi
[ -x "$runtime" ] || { echo "binfmt.sh: $runtime is not an executable (run make)" >&2; exit 1; }
mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
if [ -e "/proc/sys/fs/binfmt_misc/$name" ]; then echo -1 > "/proc/sys/fs/binfmt_misc/$name"; fi
[ "$remove" = yes ] && exit 0
printf '%s\n' "$line" > /proc/sys/fs/binfmt_misc/register
echo "binfmt.sh: registered $name -> $(readlink -f "$runtime")"
