import { Module } from '@nestjs/common';
import { AppConfigModule } from '../app-config/app-config.module';
import { FailingPolicyWebhookService } from './failing-policy-webhook.service';
import { HostPoliciesService } from './host-policies.service';
import { PoliciesController } from './policies.controller';
import { PoliciesRepository } from './policies.repository';
import { PoliciesService } from './policies.service';
import { PolicyResultsRepository } from './policy-results.repository';
import { PolicySpecsService } from './policy-specs.service';
import { PolicyViewsService } from './policy-views.service';
import { TeamPoliciesController } from './team-policies.controller';

/** Policies (global and per team), policy specs, failing-policy webhooks; exports what the hosts API shows of policies. */
@Module({
  imports: [AppConfigModule],
  controllers: [PoliciesController, TeamPoliciesController],
  providers: [PoliciesRepository, PolicyResultsRepository, PolicyViewsService, PoliciesService, PolicySpecsService, HostPoliciesService, FailingPolicyWebhookService],
  exports: [HostPoliciesService],
})
export class PoliciesModule {}
