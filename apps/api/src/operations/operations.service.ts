import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { ApplicationRepository } from '@mo/persistence';
import type { Caller } from '../auth/caller';
import { toApplicationView } from '../applications/application-views';
import type { ApplicationListView } from '../applications/dto/application-view.dto';

/** What operations staff watch: applications whose automated step failed and wait for an admin. */
@Injectable()
export class OperationsService {
  constructor(
    private readonly applications: ApplicationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async holds(caller: Caller, limit: number): Promise<ApplicationListView> {
    const rows = await this.applications.onHold(limit);
    return {
      items: rows.map((r) => toApplicationView(r, { role: caller.role, callerId: caller.id, mcc: this.config.mcc })),
    };
  }
}
