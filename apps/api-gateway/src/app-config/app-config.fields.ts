import { z } from 'zod';

/** An absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A URL setting that must be set. */
export const httpUrl = (what: string) => z.string().refine(isHttpUrl, { message: `${what} must be an http(s) URL` });

/** A URL setting that may be left empty (unset). */
export const optionalUrl = (what: string) => z.string().refine((v) => v === '' || isHttpUrl(v), { message: `${what} must be empty or an http(s) URL` });

/** A non-negative integer setting. */
export const count = (what: string) =>
  z.number({ message: `${what} must be a number` }).int({ message: `${what} must be an integer` }).min(0, { message: `${what} must not be negative` });
