import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationEventEntity } from '../entities/application-event.entity';

@Injectable()
export class EventRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The timeline, in seq order. Callers check access to the application first. */
  listForApplication(applicationId: string): Promise<ApplicationEventEntity[]> {
    return this.db.getRepository(ApplicationEventEntity).find({
      where: { applicationId },
      order: { seq: 'ASC' },
    });
  }

  find(applicationId: string, seq: number): Promise<ApplicationEventEntity | null> {
    return this.db.getRepository(ApplicationEventEntity).findOneBy({ applicationId, seq });
  }
}
