import { Module } from '@nestjs/common';
import { SCREENING_PROVIDER } from '@mo/contracts';
import { LocalListScreeningProvider } from './local-list-screening.provider';

/** Who screens: the local lists; a vendor adapter would be bound to SCREENING_PROVIDER here instead. */
@Module({
  providers: [LocalListScreeningProvider, { provide: SCREENING_PROVIDER, useExisting: LocalListScreeningProvider }],
  exports: [SCREENING_PROVIDER, LocalListScreeningProvider],
})
export class ScreeningModule {}
