/** Injection token for log-shipper's settings (see config/log-shipper.config.ts). */
export const LOG_SHIPPER_SETTINGS = Symbol.for('flotilla.log-shipper.settings');
