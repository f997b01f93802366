import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { ApplicationsModule } from '../applications/applications.module';
import { DocumentStore, LocalDiskDocumentStore } from './document-store';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

@Module({
  imports: [
    ApplicationsModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      // Memory storage: the bytes are hashed and sniffed before anything is written.
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.documents.maxBytes, files: 1, fields: 5 } }),
    }),
  ],
  controllers: [DocumentsController],
  providers: [
    DocumentsService,
    {
      provide: DocumentStore,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new LocalDiskDocumentStore(config.documents.storeDir),
    },
  ],
})
export class DocumentsModule {}
