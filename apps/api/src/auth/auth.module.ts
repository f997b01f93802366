import { Global, Module } from '@nestjs/common';
import { loadAuthConfig, type AuthConfig } from '@mo/config';
import { AUTH_CONFIG } from './auth.module-tokens';

@Global()
@Module({
  providers: [{ provide: AUTH_CONFIG, useFactory: (): AuthConfig => loadAuthConfig() }],
  exports: [AUTH_CONFIG],
})
export class AuthModule {}
