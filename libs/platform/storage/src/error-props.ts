/**
 * A string property (`code`, `name`, `message`) of a thrown value. Duck-typed on purpose: errors
 * raised by Node internals fail `instanceof Error` when code runs in another VM context (jest).
 */
export function errorProp(err: unknown, prop: 'code' | 'name' | 'message'): string | undefined {
  if (typeof err !== 'object' || err === null || !(prop in err)) return undefined;
  const value: unknown = (err as Record<string, unknown>)[prop];
  return typeof value === 'string' ? value : undefined;
}
