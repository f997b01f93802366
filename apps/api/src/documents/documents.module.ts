import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { ApplicationsModule } from '../applications/applications.module';
import { S3Client } from '@aws-sdk/client-s3';
import { DocumentStore, LocalDiskDocumentStore, S3DocumentStore } from './document-store';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { spoolingStorage } from './upload-storage';

@Module({
  imports: [
    ApplicationsModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      // Streamed to a temporary file and hashed on the way: an upload never sits whole in memory.
      useFactory: (config: AppConfig) => ({
        storage: spoolingStorage(),
        limits: { fileSize: config.documents.maxBytes, files: 1, fields: 5 },
      }),
    }),
  ],
  controllers: [DocumentsController],
  providers: [
    DocumentsService,
    {
      provide: DocumentStore,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): DocumentStore => {
        const { store, storeDir, s3 } = config.documents;
        if (store === 'local') return new LocalDiskDocumentStore(storeDir);
        const client = new S3Client({
          region: s3.region,
          forcePathStyle: s3.forcePathStyle,
          ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
        });
        return new S3DocumentStore(client, s3.bucket);
      },
    },
  ],
})
export class DocumentsModule {}
