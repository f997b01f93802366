import { Module } from '@nestjs/common';
import { OperationsController } from './operations.controller';
import { OperationsService } from './operations.service';

/** Operations holds: what admins watch and retry. */
@Module({ controllers: [OperationsController], providers: [OperationsService] })
export class OperationsModule {}
