// Devices (QEMU's qdev): objects with a property table, a realize/unrealize life cycle and
// named GPIO output lines (interrupts). Properties are set before realize and frozen after.
import { QomObject, typeProps } from "./object";
import { type PropDef, type PropValue, PropertyError, parsePropValue, propDefault } from "./property";

export type IrqHandler = (line: number, level: boolean) => void;

export abstract class Device extends QomObject {
  id: string | undefined;
  realized = false;
  private readonly values = new Map<string, PropValue>();
  /** Output lines (QEMU's unnamed gpio-out): current level and an optional intercept. */
  readonly gpioOut: boolean[] = [];
  private irqSink: IrqHandler | undefined;
  private irqIntercept: IrqHandler | undefined;

  propDefs(): PropDef[] {
    return typeProps(this.typeName);
  }

  setProp(name: string, raw: PropValue): void {
    const def = this.propDefs().find((p) => p.name === name);
    if (!def) throw new PropertyError(`Property '${this.typeName}.${name}' not found`);
    if (this.realized)
      throw new PropertyError(
        `Attempt to set property '${name}' on device '${this.typeName}' after it was realized`,
      );
    this.values.set(name, parsePropValue(this.typeName, def, raw));
  }

  /** Value set by the user, or the property's default. */
  prop(name: string): PropValue | undefined {
    if (this.values.has(name)) return this.values.get(name);
    const def = this.propDefs().find((p) => p.name === name);
    if (!def) throw new Error(`${this.typeName}: no property '${name}'`);
    return propDefault(def);
  }
  propBool(name: string): boolean {
    return this.prop(name) === true;
  }
  propNum(name: string): number {
    const v = this.prop(name);
    return typeof v === "number" ? v : 0;
  }
  propStr(name: string): string | undefined {
    const v = this.prop(name);
    return typeof v === "string" ? v : undefined;
  }
  isSet(name: string): boolean {
    return this.values.has(name);
  }

  realize(): void {
    if (this.realized) return;
    this.doRealize();
    this.realized = true;
  }
  unrealize(): void {
    if (!this.realized) return;
    this.doUnrealize();
    this.realized = false;
  }
  /** Throws (with a message naming the property) when the configuration is not usable. */
  protected abstract doRealize(): void;
  protected doUnrealize(): void {}

  /** Connects the device's output lines to whoever consumes them (the interrupt controller). */
  connectGpioOut(sink: IrqHandler): void {
    this.irqSink = sink;
  }
  /** qtest irq_intercept_out: the test sees every change instead of the consumer. */
  interceptGpioOut(handler: IrqHandler): void {
    this.irqIntercept = handler;
  }
  setGpioOut(line: number, level: boolean): void {
    if (this.gpioOut[line] === level) return;
    this.gpioOut[line] = level;
    if (this.irqIntercept) this.irqIntercept(line, level);
    else this.irqSink?.(line, level);
  }
}
