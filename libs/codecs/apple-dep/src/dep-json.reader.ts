import { DEFAULT_LIMITS } from '@flotilla/codec-core';
import { depError } from './dep.errors';

/** A parsed JSON object. */
export type JsonRecord = Record<string, unknown>;

/** Options every DEP response decoder takes. */
export interface DepDecodeOptions {
  /** Largest body accepted, in bytes (default 16 MiB, `DEFAULT_LIMITS.maxBytes`). */
  maxBytes?: number;
}

/** A response body: the bytes Apple sent, or their text. */
export type DepBody = string | Uint8Array;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Size-checks and parses a body into a JSON object ('too_large', 'not_json', 'invalid_response'). */
export function parseDepBody(body: DepBody, what: string, options: DepDecodeOptions = {}): JsonRecord {
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  if (size > maxBytes) throw depError('too_large', `${what} is ${size} bytes, over the ${maxBytes}-byte limit`);
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : utf8.decode(body));
  } catch (cause) {
    throw depError('not_json', `${what} is not UTF-8 JSON`, cause);
  }
  if (!isRecord(json)) throw depError('invalid_response', `${what} must be a JSON object, got ${describeValue(json)}`);
  return json;
}

/** Field readers over one JSON object; `path` prefixes every field name in error messages. */
export class DepFields {
  constructor(
    readonly json: JsonRecord,
    readonly path: string,
  ) {}

  private name(field: string): string {
    return this.path === '' ? field : `${this.path}.${field}`;
  }

  private present(field: string): unknown {
    const value = this.json[field];
    return value === null ? undefined : value;
  }

  optionalString(field: string): string | undefined {
    const value = this.present(field);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw depError('invalid_response', `${this.name(field)} must be a string, got ${describeValue(value)}`);
    return value;
  }

  requiredString(field: string): string {
    const value = this.optionalString(field);
    if (value === undefined) throw depError('missing_field', `${this.name(field)} is missing`);
    return value;
  }

  optionalBoolean(field: string): boolean | undefined {
    const value = this.present(field);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw depError('invalid_response', `${this.name(field)} must be a boolean, got ${describeValue(value)}`);
    return value;
  }

  requiredBoolean(field: string): boolean {
    const value = this.optionalBoolean(field);
    if (value === undefined) throw depError('missing_field', `${this.name(field)} is missing`);
    return value;
  }

  optionalInteger(field: string): number | undefined {
    const value = this.present(field);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw depError('invalid_response', `${this.name(field)} must be an integer, got ${describeValue(value)}`);
    }
    return value;
  }

  /** An RFC 3339 timestamp, kept verbatim as Apple wrote it once it is known to parse. */
  optionalDate(field: string): string | undefined {
    const value = this.optionalString(field);
    if (value === undefined) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
      throw depError('invalid_response', `${this.name(field)} must be an RFC 3339 timestamp, got "${value}"`);
    }
    return value;
  }

  optionalStringArray(field: string): string[] | undefined {
    const value = this.present(field);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw depError('invalid_response', `${this.name(field)} must be an array of strings, got ${describeValue(value)}`);
    return value.map((item, i) => {
      if (typeof item !== 'string') throw depError('invalid_response', `${this.name(field)}[${i}] must be a string, got ${describeValue(item)}`);
      return item;
    });
  }

  /** An array of objects (absent or null → `undefined`), each wrapped for further reading. */
  optionalObjectArray(field: string): DepFields[] | undefined {
    const value = this.present(field);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw depError('invalid_response', `${this.name(field)} must be an array, got ${describeValue(value)}`);
    return value.map((item, i) => this.wrap(item, `${this.name(field)}[${i}]`));
  }

  /** A JSON object (absent or null → `undefined`). */
  optionalObject(field: string): JsonRecord | undefined {
    const value = this.present(field);
    if (value === undefined) return undefined;
    if (!isRecord(value)) throw depError('invalid_response', `${this.name(field)} must be an object, got ${describeValue(value)}`);
    return value;
  }

  requiredObject(field: string): JsonRecord {
    const value = this.optionalObject(field);
    if (value === undefined) throw depError('missing_field', `${this.name(field)} is missing`);
    return value;
  }

  /** Wraps a nested value that must be an object. */
  wrap(value: unknown, path: string): DepFields {
    if (!isRecord(value)) throw depError('invalid_response', `${path} must be an object, got ${describeValue(value)}`);
    return new DepFields(value, path);
  }
}

/** Drops keys whose value is `undefined`, so decoded values carry only the fields Apple sent. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
