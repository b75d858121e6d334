/** Injection tokens for the platform's infrastructure clients. */
export const BUS = Symbol.for('flotilla.bus');
export const DATABASE = Symbol.for('flotilla.database');
export const CACHE = Symbol.for('flotilla.cache');
export const STORAGE = Symbol.for('flotilla.storage');
export const PLATFORM_CONTEXT = Symbol.for('flotilla.platform-context');
export const LOGGER = Symbol.for('flotilla.logger');
