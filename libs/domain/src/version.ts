/** Flotilla's release version (kept equal to package.json's by a unit test). */
export const FLOTILLA_VERSION = '0.1.0';
