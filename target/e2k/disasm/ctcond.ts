// Control-transfer condition (SS.ctcond, ISA.md §2.4) -> ` ? cond` text; empty for "always".
import type { Problems } from "./operands";

export function ctcondText(ctcond: number, pr: Problems): string {
  const type = (ctcond >>> 5) & 0xf;
  const psrc = ctcond & 0x1f;
  if (type === 1) return "";
  const pred = `%pred${psrc}`;
  switch (type) {
    case 0:
      return " ? %never";
    case 2:
      return ` ? ${pred}`;
    case 3:
      return ` ? ~${pred}`;
    case 4:
      return " ? %LOOP_END";
    case 5:
      return " ? %NOT_LOOP_END";
    case 6:
      return ` ? ${pred} || %LOOP_END`;
    case 7:
      return ` ? ~${pred} && %NOT_LOOP_END`;
    case 0xe:
      return ` ? ~${pred} || %LOOP_END`;
    case 0xf:
      return ` ? ${pred} && %NOT_LOOP_END`;
    case 8: {
      let s = " ? %MLOCK";
      if (psrc & 0xf) {
        s += " || %dt_al";
        [0, 1, 3, 4].forEach((alc, i) => {
          if (psrc & (1 << i)) s += String(alc);
        });
      }
      if (psrc & 0x10) pr.list.push(`SS: %MLOCK condition with reserved bit 4 set (${ctcond.toString(16)})`);
      return s;
    }
    case 9: {
      const kind = (psrc >>> 3) & 3;
      const neg = (bit: number): string => (psrc & bit ? "~" : "");
      if (kind === 0) return ` ? %MLOCK || ${neg(1)}%cmp${[0, 1, 3, 4][(psrc >>> 1) & 3]}`;
      if (kind === 1) {
        const hi = (psrc & 4) !== 0;
        return ` ? %MLOCK || ${neg(2)}%cmp${hi ? 3 : 0} || ${neg(1)}%cmp${hi ? 4 : 1}`;
      }
      if (kind === 2) return ` ? %MLOCK || ${neg(1)}%clp${(psrc >>> 1) & 3}`;
      pr.list.push(`SS: reserved %MLOCK || ... condition kind 3`);
      return " ? <reserved condition>";
    }
    default:
      pr.list.push(`SS: reserved control-transfer condition type ${type}`);
      return " ? <reserved condition type>";
  }
}
