// Resolves an fd given on the command line or to netdev_add (`fd=N`, `addr.str=N`):
// a decimal number naming an fd this process inherited. Named fds (QMP getfd) are not
// supported, so anything else is "Invalid file descriptor number", as QEMU says without a
// monitor.

import fs from "node:fs";
import { QemuError } from "../monitor/error";

export function resolveFd(text: string, option = "fd"): number {
  if (!/^\d+$/.test(text)) throw new QemuError(`Invalid file descriptor number '${text}'`);
  const fd = Number(text);
  try {
    fs.fstatSync(fd);
  } catch {
    throw new QemuError(`${option}=${text}: file descriptor ${fd} is not open`);
  }
  return fd;
}

export function isSocketFd(fd: number): boolean {
  try {
    return fs.fstatSync(fd).isSocket();
  } catch {
    return false;
  }
}

// strerror-like text for a Node system error ("Address already in use").
const ERRNO_TEXT: Record<string, string> = {
  EADDRINUSE: "Address already in use",
  EADDRNOTAVAIL: "Cannot assign requested address",
  EACCES: "Permission denied",
  ENOENT: "No such file or directory",
  ECONNREFUSED: "Connection refused",
  EINVAL: "Invalid argument",
  ENODEV: "No such device",
  EPERM: "Operation not permitted",
  EBUSY: "Device or resource busy",
  ENOTSOCK: "Socket operation on non-socket",
};

export function describeErrno(e: unknown): string {
  if (e && typeof e === "object" && "code" in e && typeof e.code === "string") {
    return ERRNO_TEXT[e.code] ?? e.code;
  }
  return e instanceof Error ? e.message : String(e);
}
