// The version the monitor reports (greeting, query-version, HMP banner).
export const QEMU_E2K_VERSION = { major: 0, minor: 1, micro: 0 } as const;
export const QEMU_E2K_PACKAGE = "qemu-e2k";

export function versionString(): string {
  const v = QEMU_E2K_VERSION;
  return `${v.major}.${v.minor}.${v.micro}`;
}
