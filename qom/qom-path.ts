// QOM paths as QEMU resolves them (object_resolve_path): "/a/b" from the root (empty parts
// skipped), or a partial path "b/c" that may start at any object of the tree; a partial
// path that matches more than one object is ambiguous.
import type { QomObject } from "./object";

function resolveFrom(obj: QomObject, parts: readonly string[]): QomObject | undefined {
  let cur: QomObject | undefined = obj;
  for (const part of parts) {
    if (part === "") continue;
    cur = cur.children.get(part);
    if (!cur) return undefined;
  }
  return cur;
}

// Every object in the subtree of `obj` (itself included) from which `parts` resolve.
function partialMatches(obj: QomObject, parts: readonly string[], out: QomObject[]): void {
  const hit = resolveFrom(obj, parts);
  if (hit && !out.includes(hit)) out.push(hit);
  for (const child of obj.children.values()) partialMatches(child, parts, out);
}

export type QomResolution = { obj: QomObject } | { obj: undefined; ambiguous: boolean };

export function resolveQomPath(root: QomObject, path: string): QomResolution {
  const parts = path.split("/");
  if (path.startsWith("/")) {
    const obj = resolveFrom(root, parts.slice(1));
    return obj ? { obj } : { obj: undefined, ambiguous: false };
  }
  const found: QomObject[] = [];
  partialMatches(root, path === "" ? [] : parts, found);
  if (found.length === 1) return { obj: found[0] as QomObject };
  return { obj: undefined, ambiguous: found.length > 1 };
}

// The object's path from the root ("/" for the root itself), QEMU's canonical path.
export function canonicalPath(obj: QomObject): string {
  return obj.path() || "/";
}
