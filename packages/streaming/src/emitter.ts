/**
 * A tiny event emitter with the subset of node:events that node-nats-streaming users call (`on`, `once`,
 * `off`/`removeListener`, `emit`, `removeAllListeners`, `listenerCount`), so the client needs no node
 * built-in and runs on every runtime.
 */

/** A listener: any function; `this` is the emitter. */
// biome-ignore lint: listeners take whatever the event carries
export type Listener = (...args: any[]) => void;

interface Entry {
  fn: Listener;
  once: boolean;
}

/**
 * Events by name. As in node, `emit("error", err)` with no `error` listener throws `err`; the client's own
 * emissions go through {@link Emitter.raise}, which never throws into the client's read path.
 */
export class Emitter {
  private readonly listeners = new Map<string | symbol, Entry[]>();

  /** Adds a listener. */
  on(event: string | symbol, fn: Listener): this {
    return this.add(event, fn, false);
  }

  /** Same as {@link on}. */
  addListener(event: string | symbol, fn: Listener): this {
    return this.add(event, fn, false);
  }

  /** Adds a listener removed after its first call. */
  once(event: string | symbol, fn: Listener): this {
    return this.add(event, fn, true);
  }

  /** Removes one registration of a listener. */
  off(event: string | symbol, fn: Listener): this {
    const l = this.listeners.get(event);
    if (!l) return this;
    const i = l.findIndex((e) => e.fn === fn);
    if (i >= 0) l.splice(i, 1);
    if (!l.length) this.listeners.delete(event);
    return this;
  }

  /** Same as {@link off}. */
  removeListener(event: string | symbol, fn: Listener): this {
    return this.off(event, fn);
  }

  /** Removes every listener of an event, or of every event. */
  removeAllListeners(event?: string | symbol): this {
    if (event === undefined) this.listeners.clear();
    else this.listeners.delete(event);
    return this;
  }

  /**
   * Calls each listener of `event` with `args` and reports what each returned or threw, without stopping
   * at a throw (the subscription uses it to know when async `message` handlers have settled).
   */
  callEach(event: string | symbol, args: unknown[], onResult: (value: unknown) => void, onThrow: (err: unknown) => void): void {
    const l = this.listeners.get(event);
    if (!l) return;
    for (const e of [...l]) {
      if (e.once) this.off(event, e.fn);
      let r: unknown;
      try {
        r = e.fn.apply(this, args);
      } catch (err) {
        onThrow(err);
        continue;
      }
      onResult(r);
    }
  }

  /** How many listeners an event has. */
  listenerCount(event: string | symbol): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /**
   * Calls the listeners in order with `args`; true if there was any. Throws like node's EventEmitter for an
   * `error` event nobody listens to.
   */
  emit(event: string | symbol, ...args: unknown[]): boolean {
    const l = this.listeners.get(event);
    if (!l || !l.length) {
      if (event === "error") throw args[0] instanceof Error ? args[0] : new Error(`unhandled error event: ${String(args[0])}`);
      return false;
    }
    // A copy: listeners may add or remove listeners while we call them.
    for (const e of [...l]) {
      if (e.once) this.off(event, e.fn);
      e.fn.apply(this, args);
    }
    return true;
  }

  /**
   * Emits from inside the client. A listener that throws, or an `error` without listeners, must not unwind
   * the connection's read path: the throw is moved to its own task, where the runtime reports it as an
   * uncaught error (node-nats-streaming crashes the program in both cases too; we just do not corrupt our
   * state first).
   */
  raise(event: string, ...args: unknown[]): void {
    try {
      this.emit(event, ...args);
    } catch (err) {
      setTimeout(() => {
        throw err;
      }, 0);
    }
  }

  private add(event: string | symbol, fn: Listener, once: boolean): this {
    if (typeof fn !== "function") throw new TypeError("listener must be a function");
    let l = this.listeners.get(event);
    if (!l) this.listeners.set(event, (l = []));
    l.push({ fn, once });
    return this;
  }
}
