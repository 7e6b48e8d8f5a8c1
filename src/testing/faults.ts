/**
 * Fault injection for LocalKms: throttling, 5xx answers, dropped connections and latency,
 * each for one operation or all, a given number of times.
 * @module
 */
import { KMS_OPERATIONS, type KmsOperation } from './types';

/**
 * What an injected fault does to a request it matches:
 * - `throttle`: HTTP 400 `ThrottlingException` (the AWS SDK retries it, with its throttling backoff);
 * - `internal`: HTTP 500 `KMSInternalException` (retried by the SDK as a transient error);
 * - `unavailable`: HTTP 503 `ServiceUnavailableException` (retried by the SDK as a transient error);
 * - `drop`: the connection is destroyed without an answer (the SDK sees a socket error, `ECONNRESET`);
 * - `latency`: the request is answered normally, `latencyMs` later.
 */
export type FaultType = 'throttle' | 'internal' | 'unavailable' | 'drop' | 'latency';

/** A fault to inject with {@link LocalKms.injectFault}. */
export interface FaultSpec {
  /** The operation it applies to; `'*'` or absent: every request. */
  operation?: KmsOperation | '*';
  /** What it does. */
  type: FaultType;
  /** How many matching requests it affects before it expires; default `Infinity`. */
  times?: number;
  /**
   * Delay in milliseconds before the request is answered (or failed, or dropped).
   * Required for `latency`; optional for the other types, which it delays.
   */
  latencyMs?: number;
}

/** A handle on an injected fault: how often it fired, and a way to remove it. */
export interface FaultHandle {
  /** The fault, as injected (with defaults filled in). */
  readonly spec: Readonly<Required<FaultSpec>>;
  /** How many requests it has affected so far. */
  readonly triggered: number;
  /** How many more requests it will affect (`Infinity` when unlimited, 0 once expired or cleared). */
  readonly remaining: number;
  /** Whether it still affects requests. */
  readonly active: boolean;
  /** Removes the fault; later requests are unaffected. Idempotent. */
  clear(): void;
}

/** The effect of the faults matching one request. */
export interface FaultEffect {
  /** Total delay before anything else happens. */
  delayMs: number;
  /** The failure to produce, if any (never `latency`). */
  failure: Exclude<FaultType, 'latency'> | undefined;
}

class InjectedFault implements FaultHandle {
  public triggered = 0;
  private cleared = false;

  public constructor(public readonly spec: Readonly<Required<FaultSpec>>) {}

  public get remaining(): number {
    return this.cleared ? 0 : Math.max(0, this.spec.times - this.triggered);
  }

  public get active(): boolean {
    return this.remaining > 0;
  }

  public clear(): void {
    this.cleared = true;
  }

  public matches(operation: string): boolean {
    return this.active && (this.spec.operation === '*' || this.spec.operation === operation);
  }
}

const FAULT_TYPES: readonly FaultType[] = ['throttle', 'internal', 'unavailable', 'drop', 'latency'];

/** The injected faults of one LocalKms, in injection order. */
export class FaultRegistry {
  private faults: InjectedFault[] = [];

  /** Validates and registers a fault. */
  public add(spec: FaultSpec): FaultHandle {
    if (!FAULT_TYPES.includes(spec.type)) throw new TypeError(`LocalKms: unknown fault type '${String(spec.type)}'`);
    const operation = spec.operation ?? '*';
    if (operation !== '*' && !(KMS_OPERATIONS as readonly string[]).includes(operation)) {
      throw new TypeError(`LocalKms: '${String(operation)}' is not an operation LocalKms implements`);
    }
    const times = spec.times ?? Infinity;
    if (!(times === Infinity || (Number.isInteger(times) && times > 0))) {
      throw new TypeError('LocalKms: fault times must be a positive integer or Infinity');
    }
    if (spec.type === 'latency' && spec.latencyMs === undefined) {
      throw new TypeError("LocalKms: a 'latency' fault needs latencyMs");
    }
    const latencyMs = spec.latencyMs ?? 0;
    if (!Number.isFinite(latencyMs) || latencyMs < 0) {
      throw new TypeError('LocalKms: latencyMs must be a finite number >= 0');
    }
    const fault = new InjectedFault(Object.freeze({ operation, type: spec.type, times, latencyMs }));
    this.faults.push(fault);
    return fault;
  }

  /**
   * Consumes the faults matching one request of `operation`: every matching `latency` fault
   * adds its delay, and the first matching failing fault (in injection order) fires, adding
   * its own `latencyMs`.
   */
  public consume(operation: string): FaultEffect {
    let delayMs = 0;
    let failure: FaultEffect['failure'];
    for (const fault of this.faults) {
      if (!fault.matches(operation)) continue;
      if (fault.spec.type === 'latency') {
        fault.triggered += 1;
        delayMs += fault.spec.latencyMs;
      } else if (failure === undefined) {
        fault.triggered += 1;
        delayMs += fault.spec.latencyMs;
        failure = fault.spec.type;
      }
    }
    this.faults = this.faults.filter((fault) => fault.active);
    return { delayMs, failure };
  }

  /** Clears every fault. */
  public clear(): void {
    for (const fault of this.faults) fault.clear();
    this.faults = [];
  }
}
