/** Injection token for api-gateway's settings (see config/api-gateway.config.ts). */
export const API_GATEWAY_SETTINGS = Symbol.for('flotilla.api-gateway.settings');
