import { LogDeliveryError } from './delivery.errors';

export interface HttpTarget {
  /** The URL without credentials (fetch refuses URLs that carry them). */
  url: string;
  /** `Authorization: Basic …` from the URL's user:password, if any. */
  authorization?: string;
}

/** Splits `https://user:pass@host/path` into a credential-free URL and a Basic authorization header. */
export function httpTarget(raw: string): HttpTarget {
  const url = new URL(raw);
  if (!url.username && !url.password) return { url: url.toString() };
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  return { url: url.toString(), authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/**
 * One POST with Node's fetch; resolves with the body text of a 2xx answer, throws a
 * LogDeliveryError for anything else (network error, timeout through `signal`, non-2xx status).
 */
export async function postJson(target: HttpTarget, body: string, contentType: string, signal: AbortSignal, accept = 'application/json'): Promise<string> {
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      body,
      signal,
      headers: { 'content-type': contentType, accept, ...(target.authorization ? { authorization: target.authorization } : {}) },
    });
    const text = await res.text();
    if (res.status >= 200 && res.status < 300) return text;
    throw LogDeliveryError.fromHttp(res.status, res.headers.get('retry-after'), text);
  } catch (err) {
    throw LogDeliveryError.from(err, signal);
  }
}
