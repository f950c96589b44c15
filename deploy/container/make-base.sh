#!/bin/sh
# Make the base image of deploy/container/Dockerfile without an image registry: a Debian
# bookworm root filesystem (python3 = 3.11, python3-venv, CA certificates) made by debootstrap
# from Debian's package mirror, imported as localhost/newsbot-base:bookworm.
# Needs root, debootstrap and podman (apt-get install debootstrap podman).
#   sh deploy/container/make-base.sh [WORKDIR] [MIRROR]
set -eu
workdir=${1:-/var/tmp/newsbot-base}
mirror=${2:-http://deb.debian.org/debian}
rootfs="$workdir/rootfs"
if [ -e "$rootfs" ]; then
    echo "make-base: $rootfs exists; remove it or give another WORKDIR" >&2
    exit 1
fi
mkdir -p "$workdir"
debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
    bookworm "$rootfs" "$mirror"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" --numeric-owner -c . \
    | podman import --change 'CMD ["/bin/bash"]' - localhost/newsbot-base:bookworm
echo "make-base: localhost/newsbot-base:bookworm imported; $rootfs can be removed"
