// `-device help` and `-device DRIVER,help`, as QEMU prints them.
import { QemuError } from "../monitor/error";
import { allTypes, lookupType, typeProps } from "./object";
import { propHelpLine } from "./property";

/** Aliases accepted for -device, as QEMU's qdev alias table. */
export const DEVICE_ALIASES: Record<string, string> = { "virtio-net": "virtio-net-pci" };

export function resolveDeviceAlias(name: string): string {
  return DEVICE_ALIASES[name] ?? name;
}

export function deviceListHelp(): string {
  const byCat = new Map<string, string[]>();
  for (const t of allTypes()) {
    if (!t.userCreatable || t.abstract) continue;
    const cat = t.category ?? "Uncategorized devices";
    const desc = t.desc ? `, ${t.desc}` : "";
    const l = byCat.get(cat) ?? [];
    l.push(`name "${t.name}"${desc}`);
    byCat.set(cat, l);
  }
  const out: string[] = [];
  for (const [cat, lines] of [...byCat.entries()].sort()) {
    if (out.length) out.push("");
    out.push(`${cat}:`, ...lines.sort());
  }
  return out.join("\n") + "\n";
}

export function devicePropsHelp(driver: string): string {
  const t = lookupType(driver);
  if (!t || !t.userCreatable) throw new QemuError(`Device '${driver}' not found`);
  const lines = typeProps(driver)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(propHelpLine);
  return `${driver} options:\n${lines.join("\n")}\n`;
}
