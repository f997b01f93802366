import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { loadAuthConfig, type AuthConfig } from '@mo/config';
import { AuthGuard } from './auth.guard';
import { AUTH_CONFIG } from './auth.module-tokens';

@Global()
@Module({
  providers: [
    { provide: AUTH_CONFIG, useFactory: (): AuthConfig => loadAuthConfig() },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AUTH_CONFIG],
})
export class AuthModule {}
