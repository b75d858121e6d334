import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG_CHANGED } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import { AppConfigRepository } from '@flotilla/platform-db';
import type { Logger } from '@flotilla/platform-logging';
import { BUS, LOGGER, PLATFORM_CONTEXT, type PlatformContext } from '@flotilla/platform-server';
import { ActivitiesService } from '../activities/activities.service';
import { assertCan, can } from '../authz/authorizer';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import { agentOptionsProblems } from '../common/agent-options';
import type { AppConfigDocument, RuntimeFacts } from './app-config.computed';
import { changedSections, deepMerge, effectiveSettings, maskSecrets, normalisePatch, type StoredSettings, toDocument } from './app-config.document';
import { AppConfigError } from './app-config.errors';
import { type AppConfigPatchFlags, parseAppConfigPatch } from './app-config.params';
import { settingsProblems } from './app-config.rules';
import type { AppConfigPatch, AppConfigSettings, SmtpSettings } from './app-config.schema';

export type { AppConfigDocument } from './app-config.computed';
export type { SmtpSettings } from './app-config.schema';

/** Who changes the settings: an admin API principal, or first-run setup (no principal; setup records its own activity). */
type Writer = Principal | null;

/**
 * Fleet's global settings document (table `app_config`, owned by api-gateway). The row holds only
 * what admins set; reads merge it over the defaults and add the computed parts. Writes are
 * serialised within the process (read-merge-write of one row).
 */
@Injectable()
export class AppConfigService {
  private readonly facts: RuntimeFacts;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly repo: AppConfigRepository,
    @Inject(BUS) private readonly bus: Bus,
    private readonly activities: ActivitiesService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_CONTEXT) ctx: PlatformContext,
  ) {
    this.facts = { dataDir: ctx.settings.dataDir, debug: ['trace', 'debug'].includes(ctx.settings.logLevel) };
  }

  /** The effective document, secrets included (for other features; never hand it to a client as is). */
  async get(): Promise<AppConfigDocument> {
    return toDocument(await this.settings(), this.facts);
  }

  async smtpSettings(): Promise<SmtpSettings> {
    return (await this.settings()).smtp_settings;
  }

  /** The server's public URL as admins set it ('' before first-run setup). */
  async serverUrl(): Promise<string> {
    return (await this.settings()).server_settings.server_url;
  }

  /** First-run setup: the organisation's name and the server's URL (validated like a PATCH). */
  async initialise(init: { orgName: string; serverUrl: string }): Promise<void> {
    const patch = parseAppConfigPatch({ org_info: { org_name: init.orgName }, server_settings: { server_url: init.serverUrl } });
    await this.apply(null, patch, { dryRun: false, force: false });
  }

  /**
   * GET /config: what `principal` may see (secrets masked unless it may read them). Every role,
   * global or team, reads the settings as in Fleet; the guard has checked `config.read`.
   */
  async view(principal: Principal): Promise<AppConfigDocument> {
    return this.present(principal, await this.settings());
  }

  /**
   * PATCH /config: merges `body` (a partial document) into the stored settings and answers the
   * new effective document. Nothing is written when validation fails, on `dryRun`, or when the
   * patch changes nothing.
   */
  async modify(principal: Principal, body: unknown, flags: AppConfigPatchFlags): Promise<AppConfigDocument> {
    assertCan(principal, 'config.write', null, () => AuthzError.forbidden());
    const patch = parseAppConfigPatch(body);
    if (patch.agent_options !== undefined) {
      const problems = agentOptionsProblems(patch.agent_options, 'agent_options', { force: flags.force });
      if (problems.length > 0) throw AppConfigError.invalidAgentOptions(problems);
    }
    return this.present(principal, await this.apply(principal, patch, flags));
  }

  private async settings(): Promise<AppConfigSettings> {
    return effectiveSettings(await this.repo.get());
  }

  private present(principal: Principal, settings: AppConfigSettings): AppConfigDocument {
    const doc = toDocument(settings, this.facts);
    return can(principal, 'config.read_secrets', null) ? doc : maskSecrets(doc);
  }

  /** Validates and stores `input` over the stored settings; returns the settings then in effect. */
  private apply(writer: Writer, input: AppConfigPatch & Record<string, unknown>, flags: AppConfigPatchFlags): Promise<AppConfigSettings> {
    const run = async (): Promise<AppConfigSettings> => {
      const stored: StoredSettings = (await this.repo.get()) ?? {};
      const before = effectiveSettings(stored);
      const { patch, problems } = normalisePatch(input, before);
      const next = deepMerge(stored, patch) as StoredSettings;
      const after = effectiveSettings(next);
      const invalid = [...problems, ...settingsProblems(after)];
      if (invalid.length > 0) throw AppConfigError.invalidConfig(invalid);
      const sections = changedSections(before, after);
      if (flags.dryRun || sections.length === 0) return after;
      await this.repo.put(next);
      await this.announce(writer, sections);
      return after;
    };
    const result = this.writes.then(run, run);
    this.writes = result.catch(() => undefined);
    return result;
  }

  private async announce(writer: Writer, sections: string[]): Promise<void> {
    if (writer) {
      await this.activities.record(writer, 'edited_app_config', { sections });
      if (sections.includes('agent_options')) await this.activities.record(writer, 'edited_agent_options', { global: true, team_id: null, team_name: null });
    }
    await this.bus.publish(APP_CONFIG_CHANGED, { sections }).catch((err: unknown) => this.logger.warn({ err, sections }, 'could not publish app config change'));
  }
}
