export const LIVE_QUERY_SETTINGS = Symbol.for('flotilla.live-query.settings');
