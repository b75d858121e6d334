import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG_CHANGED, POLICY_RESULT_CHANGED, type PayloadOf } from '@flotilla/contracts';
import type { Logger } from '@flotilla/platform-logging';
import { BusHandlers, LOGGER, OnEvent, OnStream } from '@flotilla/platform-server';
import { AppConfigService } from '../app-config/app-config.service';
import { settingsOf } from '../teams/team-settings';
import { TeamsRepository } from '../teams/teams.repository';
import { PoliciesRepository } from './policies.repository';
import { PolicyResultsRepository } from './policy-results.repository';
import { PolicyViewsService } from './policy-views.service';
import { postJsonWithRetry, type WebhookRetryOptions } from './webhook-post';

export interface FailingPolicyWebhookOptions extends WebhookRetryOptions {
  /** How long a policy's batch waits for more failing hosts before it is sent. */
  flushDelayMs: number;
}

const DEFAULTS: FailingPolicyWebhookOptions = { flushDelayMs: 2_000, attempts: 4, retryDelayMs: 1_000, timeoutMs: 10_000 };
/**
 * How long a policy's webhook settings are reused (many hosts start failing a new policy at once).
 * Organisation settings changes clear them at once (APP_CONFIG_CHANGED); team settings apply within this.
 */
const TARGET_TTL_MS = 1_000;

interface Target {
  url: string;
  /** 0: no limit (the batch goes when the delay ends). */
  batchSize: number;
}

interface Batch {
  policyId: number;
  target: Target;
  hosts: Set<number>;
  waiters: Array<{ resolve: () => void; reject: (err: Error) => void }>;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Fleet's failing-policy automation: when a host starts failing a policy listed in the
 * `failing_policies_webhook` settings (the organisation's for global policies, the team's for
 * team policies), the host is queued and sent in a batch per policy — at `host_batch_size` hosts
 * or after a short delay — as one POST of Fleet's payload. A stream message is acknowledged only
 * once its batch was delivered or definitively refused (retries exhausted, or a 4xx), so a crash
 * before that means redelivery, not a lost notification.
 */
@BusHandlers('api-gateway')
@Injectable()
export class FailingPolicyWebhookService implements OnModuleDestroy {
  private options: FailingPolicyWebhookOptions = DEFAULTS;
  private readonly batches = new Map<string, Batch>();
  private readonly targets = new Map<number, { until: number; target: Promise<Target | null> }>();
  private stopped = false;

  constructor(
    private readonly policies: PoliciesRepository,
    private readonly views: PolicyViewsService,
    private readonly results: PolicyResultsRepository,
    private readonly appConfig: AppConfigService,
    private readonly teams: TeamsRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Overrides delays and retries (specs use short ones). */
  configure(options: Partial<FailingPolicyWebhookOptions>): void {
    this.options = { ...this.options, ...options };
    this.targets.clear();
  }

  @OnStream(POLICY_RESULT_CHANGED, { durable: 'api-gateway-failing-policy-webhook', ackWaitMs: 300_000, concurrency: 1_000 })
  async onResultChanged(change: PayloadOf<typeof POLICY_RESULT_CHANGED>): Promise<void> {
    if (change.passes !== false || change.previous === false) return;
    const target = await this.target(change.policyId);
    if (target) await this.enqueue(change.policyId, target, change.hostId);
  }

  @OnEvent(APP_CONFIG_CHANGED, { broadcast: true })
  onSettingsChanged(change: PayloadOf<typeof APP_CONFIG_CHANGED>): void {
    if (change.sections.includes('webhook_settings')) this.targets.clear();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const batch of this.batches.values()) {
      clearTimeout(batch.timer);
      for (const w of batch.waiters) w.reject(new Error('shutting down: the batch will be redelivered'));
    }
    this.batches.clear();
  }

  /** Where failures of the policy go, or null when its webhook is off or does not list it. */
  private target(policyId: number): Promise<Target | null> {
    const now = Date.now();
    const cached = this.targets.get(policyId);
    if (cached && cached.until > now) return cached.target;
    if (this.targets.size > 10_000) this.targets.clear();
    const target = this.resolveTarget(policyId);
    this.targets.set(policyId, { until: now + TARGET_TTL_MS, target });
    target.catch(() => this.targets.delete(policyId));
    return target;
  }

  private async resolveTarget(policyId: number): Promise<Target | null> {
    const policy = await this.policies.findById(policyId);
    if (!policy) return null;
    const hook =
      policy.teamId === null
        ? (await this.appConfig.get()).webhook_settings.failing_policies_webhook
        : settingsOf((await this.teams.findById(policy.teamId))?.config ?? null).webhook_settings.failing_policies_webhook;
    if (!hook.enable_failing_policies_webhook || hook.destination_url === '' || !(hook.policy_ids ?? []).includes(policyId)) return null;
    return { url: hook.destination_url, batchSize: hook.host_batch_size };
  }

  /** Resolves once the batch holding the host has been sent (or refused for good); rejects to have the message redelivered. */
  private enqueue(policyId: number, target: Target, hostId: number): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('shutting down'));
    const key = `${policyId} ${target.url}`;
    let batch = this.batches.get(key);
    if (!batch) {
      const created: Batch = { policyId, target, hosts: new Set(), waiters: [], timer: undefined };
      created.timer = setTimeout(() => void this.flush(key, created), this.options.flushDelayMs);
      this.batches.set(key, created);
      batch = created;
    }
    batch.hosts.add(hostId);
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    if (batch.target.batchSize > 0 && batch.hosts.size >= batch.target.batchSize) void this.flush(key, batch);
    return done;
  }

  private async flush(key: string, batch: Batch): Promise<void> {
    if (this.batches.get(key) !== batch) return;
    this.batches.delete(key);
    clearTimeout(batch.timer);
    try {
      await this.send(batch);
      for (const w of batch.waiters) w.resolve();
    } catch (err) {
      this.logger.warn({ err, policyId: batch.policyId }, 'failing-policy webhook: could not prepare the batch; it will be redelivered');
      for (const w of batch.waiters) w.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** POSTs Fleet's payload; logs the outcome. Throws only when the payload cannot be built (database trouble). */
  private async send(batch: Batch): Promise<void> {
    const policy = await this.policies.findById(batch.policyId);
    const hosts = policy ? await this.results.hostSummaries([...batch.hosts]) : [];
    if (!policy || hosts.length === 0) return; // deleted since: nothing left to report
    const serverUrl = (await this.appConfig.serverUrl()).replace(/\/+$/, '');
    const payload = {
      timestamp: new Date().toISOString(),
      policy: await this.views.one(policy),
      hosts: hosts.map((h) => ({ id: h.id, hostname: h.hostname, display_name: h.displayName, url: `${serverUrl}/hosts/${h.id}` })),
    };
    const outcome = await postJsonWithRetry(batch.target.url, payload, this.options);
    const facts = { policyId: batch.policyId, hosts: hosts.length, destination: redact(batch.target.url), attempts: outcome.attempts };
    if (outcome.ok) this.logger.info({ ...facts, status: outcome.status }, 'failing-policy webhook delivered');
    else this.logger.error({ ...facts, status: outcome.status, error: outcome.error }, 'failing-policy webhook failed for good; these hosts will not be sent again');
  }
}

/** The URL without credentials or query string (they may hold secrets), for logs. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}
