import { AppleMdmError } from '../apple-mdm.errors';
import { isPlistDict, type PlistDict, type PlistValue } from './plist.types';

/** Builds the error a reader throws; lets other codecs reuse the reader with their own error class. */
export type FieldErrorFactory = (code: 'missing_field' | 'invalid_field', message: string) => Error;

const appleMdmFieldError: FieldErrorFactory = (code, message) => new AppleMdmError(code, message);

/**
 * Typed access to the keys of a plist dict: `string('UDID')` throws `missing_field` when absent
 * and `invalid_field` when of the wrong type; the `opt*` forms return `undefined` when absent.
 */
export class PlistFieldReader {
  constructor(
    readonly dict: PlistDict,
    private readonly where: string,
    private readonly fail: FieldErrorFactory = appleMdmFieldError,
  ) {}

  string(key: string): string {
    return this.required(key, this.optString(key));
  }

  optString(key: string): string | undefined {
    return this.typed(key, 'a string', (v): v is string => typeof v === 'string');
  }

  /** A non-empty string, or undefined when absent or empty. */
  optNonEmptyString(key: string): string | undefined {
    const v = this.optString(key);
    return v === '' ? undefined : v;
  }

  data(key: string): Buffer {
    return this.required(key, this.optData(key));
  }

  optData(key: string): Buffer | undefined {
    return this.typed(key, 'data', (v): v is Buffer => Buffer.isBuffer(v));
  }

  optBoolean(key: string): boolean | undefined {
    return this.typed(key, 'a boolean', (v): v is boolean => typeof v === 'boolean');
  }

  integer(key: string): number {
    return this.required(key, this.optInteger(key));
  }

  optInteger(key: string): number | undefined {
    return this.typed(key, 'an integer', (v): v is number => typeof v === 'number' && Number.isSafeInteger(v));
  }

  optNumber(key: string): number | undefined {
    return this.typed(key, 'a number', (v): v is number => typeof v === 'number');
  }

  optDate(key: string): Date | undefined {
    return this.typed(key, 'a date', (v): v is Date => v instanceof Date);
  }

  dictionary(key: string): PlistDict {
    return this.required(key, this.optDictionary(key));
  }

  optDictionary(key: string): PlistDict | undefined {
    return this.typed(key, 'a dict', isPlistDict);
  }

  array(key: string): PlistValue[] {
    return this.required(key, this.optArray(key));
  }

  optArray(key: string): PlistValue[] | undefined {
    return this.typed(key, 'an array', (v): v is PlistValue[] => Array.isArray(v));
  }

  optStringArray(key: string): string[] | undefined {
    const arr = this.optArray(key);
    if (arr && !arr.every((v) => typeof v === 'string')) throw this.fail('invalid_field', `${this.where}: ${key} must be an array of strings`);
    return arr as string[] | undefined;
  }

  optDataArray(key: string): Buffer[] | undefined {
    const arr = this.optArray(key);
    if (arr && !arr.every((v) => Buffer.isBuffer(v))) throw this.fail('invalid_field', `${this.where}: ${key} must be an array of data`);
    return arr as Buffer[] | undefined;
  }

  /** The dicts of an array (each wrapped in a reader); every element must be a dict. */
  optDictArray(key: string): PlistFieldReader[] | undefined {
    const arr = this.optArray(key);
    return arr?.map((v, i) => {
      if (!isPlistDict(v)) throw this.fail('invalid_field', `${this.where}: ${key}[${i}] must be a dict`);
      return new PlistFieldReader(v, `${this.where}.${key}[${i}]`, this.fail);
    });
  }

  private typed<T extends PlistValue>(key: string, what: string, is: (v: PlistValue) => v is T): T | undefined {
    const v = Object.prototype.hasOwnProperty.call(this.dict, key) ? this.dict[key] : undefined;
    if (v === undefined) return undefined;
    if (!is(v)) throw this.fail('invalid_field', `${this.where}: ${key} must be ${what}`);
    return v;
  }

  /** Throws `missing_field` for `key`. */
  missing(key: string): never {
    throw this.fail('missing_field', `${this.where}: ${key} is required`);
  }

  private required<T>(key: string, v: T | undefined): T {
    return v === undefined ? this.missing(key) : v;
  }
}
