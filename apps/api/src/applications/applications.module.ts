import { Module } from '@nestjs/common';
import { ApplicationActionsService } from './application-actions.service';
import { ApplicationReadsService } from './application-reads.service';
import { ApplicationViewer } from './application-viewer';
import { ApplicationsController } from './applications.controller';

@Module({
  controllers: [ApplicationsController],
  providers: [ApplicationActionsService, ApplicationReadsService, ApplicationViewer],
  exports: [ApplicationActionsService, ApplicationReadsService, ApplicationViewer],
})
export class ApplicationsModule {}
