import { Module } from '@nestjs/common';
import { ReasonsController } from './reasons.controller';
import { ReasonsService } from './reasons.service';

/** The reason catalogue: codes, targets and their texts in the caller's language. */
@Module({ controllers: [ReasonsController], providers: [ReasonsService] })
export class ReasonsModule {}
