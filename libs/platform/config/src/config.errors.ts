export interface ConfigIssue {
  key: string;
  message: string;
}

/** Thrown once at start with every bad key; never carries a secret value. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`invalid configuration:\n${issues.map((i) => `  - ${i.key}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
