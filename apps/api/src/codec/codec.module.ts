import { Module } from '@nestjs/common';
import { CodecController } from './codec.controller';
import { CodecService } from './codec.service';

/** Temporal's remote codec for operators (Temporal UI's Data Encoder, the CLI). */
@Module({ controllers: [CodecController], providers: [CodecService] })
export class CodecModule {}
